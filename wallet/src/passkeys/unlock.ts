import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import type { PasskeyRow, WrappedKeyRow } from '../persistence/passkey-entities.js';
import { challengeTtl, relyingParty } from './relying-party.js';
import { storeChallenge, takeChallenge } from './take-challenge.js';
import { webAuthnServer } from './webauthn-server.js';
import type { zUnlock } from './z-passkeys.js';

/**
 * Options for `navigator.credentials.get()`: this account's passkeys only, user verification
 * required, PRF evaluated per credential with the salt it was registered with.
 */
export async function beginUnlock(ctx: WalletContext, account: AccountRow): Promise<Record<string, unknown>> {
  const passkeys = await ctx.store.listPasskeys(account.id);
  if (passkeys.length === 0) {
    throw new OAuthError('not_found', 'this wallet has no passkey: register one in the settings');
  }
  const rp = relyingParty(ctx.baseUrl);
  const { generateAuthenticationOptions } = await webAuthnServer();
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: p.transports as never })),
    userVerification: 'required',
    timeout: challengeTtl * 1000,
  });
  await storeChallenge(
    ctx,
    { challenge: options.challenge, accountId: account.id, purpose: 'unlock', prfSalt: null },
    challengeTtl,
  );
  const evalByCredential = Object.fromEntries(passkeys.map((p) => [p.id, { first: p.prfSalt }]));
  return { ...options, extensions: { ...options.extensions, prf: { evalByCredential } } };
}

/**
 * Verifies the assertion (one of this account's passkeys, this challenge once, counter) and
 * hands back what only the person's PRF output opens: the passkey's wrapped account key and the
 * account's wrapped holder keys.
 */
export async function finishUnlock(
  ctx: WalletContext,
  account: AccountRow,
  body: z.infer<typeof zUnlock>,
): Promise<{ passkey: PasskeyRow; keys: WrappedKeyRow[] }> {
  const { challenge } = await takeChallenge(ctx, account, 'unlock', body.credential.response.clientDataJSON);
  const passkey = await ctx.store.findPasskey(body.credential.id);
  if (!passkey || passkey.accountId !== account.id) {
    throw new OAuthError('access_denied', 'this passkey is not one of this wallet’s passkeys');
  }
  const rp = relyingParty(ctx.baseUrl);
  let verification;
  const { verifyAuthenticationResponse } = await webAuthnServer();
  try {
    verification = await verifyAuthenticationResponse({
      response: body.credential as unknown as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports as never,
      },
    });
  } catch (err) {
    throw new OAuthError('access_denied', `the passkey assertion is invalid: ${(err as Error).message}`);
  }
  if (!verification.verified) throw new OAuthError('access_denied', 'the passkey assertion is invalid');
  await ctx.store.recordPasskeyUse(passkey.id, verification.authenticationInfo.newCounter, ctx.now());
  return { passkey, keys: await ctx.store.listWrappedKeys(account.id) };
}
