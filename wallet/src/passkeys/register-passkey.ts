import { randomBytes } from 'node:crypto';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import type { PasskeyRow } from '../persistence/passkey-entities.js';
import { challengeTtl, relyingParty } from './relying-party.js';
import { storeChallenge, takeChallenge } from './take-challenge.js';
import { webAuthnServer } from './webauthn-server.js';
import { prfEnabled } from './prf.js';
import type { zRegisterPasskey } from './z-passkeys.js';

/**
 * Options for `navigator.credentials.create()`: user verification required, the account's
 * passkeys excluded, and the PRF extension evaluated with a fresh salt for this passkey.
 * The user handle is the account id (never the personal identity number).
 */
export async function beginRegistration(
  ctx: WalletContext,
  account: AccountRow,
): Promise<Record<string, unknown>> {
  const rp = relyingParty(ctx.baseUrl);
  const existing = await ctx.store.listPasskeys(account.id);
  const prfSalt = randomBytes(32).toString('base64url');
  const { generateRegistrationOptions } = await webAuthnServer();
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userID: new TextEncoder().encode(account.id),
    userName: 'Min profil',
    userDisplayName: 'Min profil',
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    timeout: challengeTtl * 1000,
  });
  await storeChallenge(
    ctx,
    { challenge: options.challenge, accountId: account.id, purpose: 'registration', prfSalt },
    challengeTtl,
  );
  // The PRF input travels base64url-encoded, as in WebAuthn Level 3's JSON forms.
  return { ...options, extensions: { ...options.extensions, prf: { eval: { first: prfSalt } } } };
}

export async function finishRegistration(
  ctx: WalletContext,
  account: AccountRow,
  body: z.infer<typeof zRegisterPasskey>,
): Promise<PasskeyRow> {
  const { challenge, row } = await takeChallenge(
    ctx,
    account,
    'registration',
    body.credential.response.clientDataJSON,
  );
  if (!prfEnabled(body.credential.clientExtensionResults)) {
    throw new OAuthError(
      'invalid_request',
      'this passkey or browser does not support the WebAuthn PRF extension, so it cannot protect the ' +
        'wallet keys; use another passkey or browser',
      { extra: { reason: 'prf_unsupported' } },
    );
  }
  const rp = relyingParty(ctx.baseUrl);
  let verification;
  const { verifyRegistrationResponse } = await webAuthnServer();
  try {
    verification = await verifyRegistrationResponse({
      response: body.credential as unknown as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    });
  } catch (err) {
    throw new OAuthError('invalid_request', `the passkey registration is invalid: ${(err as Error).message}`);
  }
  if (!verification.verified) throw new OAuthError('invalid_request', 'the passkey registration is invalid');
  const credential = verification.registrationInfo.credential;
  const passkey: PasskeyRow = {
    id: credential.id,
    accountId: account.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: credential.transports ?? [],
    name: body.name,
    prfSalt: row.prfSalt!,
    wrappedAccountKey: body.wrapped_account_key ?? null,
    createdAt: ctx.now(),
    lastUsedAt: null,
  };
  if (await ctx.store.findPasskey(passkey.id)) {
    throw new OAuthError('invalid_request', 'this passkey is already registered', { status: 409 });
  }
  await ctx.store.insertPasskey(passkey);
  return passkey;
}
