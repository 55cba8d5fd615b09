import { z } from 'zod';
import { resourceRequest } from '@openid4vc/oauth2';
import { OAuthError } from '@min-profil/shared/errors';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { sealJson } from '../crypto/data-keys.js';
import { deleteHolderKeys, loadHolderKey } from '../crypto/holder-keys.js';
import { dpopOptions, importDpopKey } from '../crypto/dpop-key.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';
import { DpopProofNeeded } from '../crypto/page-dpop.js';
import type { JWK } from 'jose';
import { keyProtectionOf } from '../credentials/credential-key-protection.js';
import { firstCopyNamesHolder, openSealed } from '../credentials/describe-credential.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { toIssuerError } from './issuer-errors.js';
import {
  assertAboutOwner,
  configurationOf,
  createIssuerClient,
  readCredentialStrings,
  heldCopyOf,
  verifyCopies,
} from './receive-credentials.js';
import type { HolderKeyRef } from './verify-received-credential.js';
import { credentialAad } from './store-received.js';

const zErrorBody = z.object({ error: z.string() }).loose();
const zDeferredAnswer = z
  .object({
    credentials: z
      .array(z.union([z.string(), z.object({ credential: z.unknown() }).loose()]))
      .max(100)
      .optional(),
    transaction_id: z.string().optional(),
    interval: z.number().int().positive().optional(),
    notification_id: z.string().max(500).optional(),
  })
  .loose();

/**
 * Asks the issuer's deferred credential endpoint (OID4VCI 1.0 §9) once for a deferred row whose
 * interval has passed. When the credential is ready it is verified and becomes a pending
 * preview; still pending moves the next poll; a final refusal drops the row and its keys.
 */
export async function pollDeferred(
  ctx: WalletContext,
  account: AccountRow,
  row: HeldCredentialRow,
  options: {
    force?: boolean;
    /**
     * The page's signed DPoP proofs (crypto/page-dpop.ts) and the nonce they carry, for a token
     * bound to the page's DPoP key; without them such a row is not polled (only the page can).
     */
    pageDpop?: { proofs: (payload: Record<string, unknown>) => string; nonce?: string };
  } = {},
): Promise<HeldCredentialRow | null> {
  if (row.state !== 'deferred') return row;
  if (!options.force && row.nextPollAt !== null && row.nextPollAt > ctx.now()) return row;
  const sealed = openSealed(ctx, account, row);
  const deferred = sealed.deferred!;
  const pageDpopKey = deferred.dpopKeyId
    ? await ctx.store.findWrappedKey(account.id, deferred.dpopKeyId)
    : null;
  if (deferred.dpopKeyId && (!options.pageDpop || !pageDpopKey)) return row;
  const client = createIssuerClient(ctx, []);
  const issuerMetadata = await client.resolveIssuerMetadata(row.credentialIssuer).catch((e: unknown) => {
    throw toIssuerError(e, 'issuer metadata');
  });
  // The deferred credential request (OID4VCI 1.0 §9.1) is sent here rather than through
  // @openid4vc/openid4vci 0.4.6, whose response schema refuses a valid answer that carries both
  // `credentials` and `notification_id`.
  const endpoint = issuerMetadata.credentialIssuer.deferred_credential_endpoint;
  if (!endpoint)
    throw new OAuthError('temporarily_unavailable', 'the issuer has no deferred credential endpoint', {
      status: 502,
    });
  // Through the library's resourceRequest: `Bearer`, or `DPoP` with a proof by the token's key
  // (sealed with it) and one retry on use_dpop_nonce.
  const dpopKey = deferred.dpopKey ? importDpopKey(deferred.dpopKey) : undefined;
  const dpopJwk = dpopKey?.publicJwk ?? (pageDpopKey?.publicJwk as JWK | undefined);
  let answer: Response;
  try {
    ({ response: answer } = await resourceRequest({
      callbacks: createClientCallbacks({
        fetch: ctx.fetch,
        clientId: ctx.settings.oauthClientId,
        signingKeys: dpopKey ? [dpopKey] : [],
        pageDpop: options.pageDpop?.proofs,
      }),
      accessToken: deferred.accessToken,
      url: endpoint,
      dpop: dpopJwk ? dpopOptions({ publicJwk: dpopJwk }, options.pageDpop?.nonce) : undefined,
      requestOptions: {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ transaction_id: deferred.transactionId }),
      },
    }));
  } catch (error) {
    // use_dpop_nonce for a proof the page signed: it signs one with that nonce (deferred-in-page.ts).
    if (error instanceof DpopProofNeeded) throw error;
    throw toIssuerError(error, 'deferred credential');
  }
  const json: unknown = await answer.json().catch(() => undefined);
  const error = zErrorBody.safeParse(json);
  if (!answer.ok) {
    const code = error.success
      ? error.data.error.replace(/[^a-z0-9_]/gi, '').slice(0, 60)
      : `HTTP ${answer.status}`;
    if (code === 'issuance_pending') {
      await ctx.store.updateCredential({ id: row.id }, { nextPollAt: ctx.now() + 5 });
      return { ...row, nextPollAt: ctx.now() + 5 };
    }
    if (answer.status >= 400 && answer.status < 500) {
      // The issuer refused for good (e.g. expired transaction): nothing to keep.
      await ctx.store.deleteCredentials({ id: row.id, accountId: account.id });
      await deleteHolderKeys(ctx.keys, deferred.kmsKids);
    }
    throw new OAuthError('access_denied', `deferred credential: the issuer answered ${code}`, {
      status: 502,
      extra: { issuer_error: code },
    });
  }
  const parsed = zDeferredAnswer.safeParse(json);
  if (!parsed.success) {
    throw new OAuthError('temporarily_unavailable', "deferred credential: the issuer's answer is malformed", {
      status: 502,
    });
  }
  const body = parsed.data;
  if (!body.credentials || body.credentials.length === 0) {
    const next = ctx.now() + Math.max(1, Math.min(3600, body.interval ?? 5));
    await ctx.store.updateCredential({ id: row.id }, { nextPollAt: next });
    return { ...row, nextPollAt: next };
  }
  const { vct } = configurationOf(issuerMetadata, row.configurationId);
  const keys: HolderKeyRef[] = [];
  for (const kmsKid of deferred.kmsKids) {
    const key = await loadHolderKey(ctx.keys, kmsKid);
    keys.push({ kmsKid, publicJwk: key.publicJwk });
  }
  // Keys the page made (passkey-protected account): only their public halves are needed here.
  for (const keyId of deferred.keyIds ?? []) {
    const key = await ctx.store.findWrappedKey(account.id, keyId);
    if (key) keys.push({ keyId, publicJwk: key.publicJwk });
  }
  const verified = await verifyCopies(ctx, {
    compacts: readCredentialStrings(body.credentials),
    credentialIssuer: row.credentialIssuer,
    keys,
    vct,
  });
  assertAboutOwner(ctx, verified, account.identityNumber, row.credentialIssuer);
  const first = verified[0]!.verified;
  const sealedNow = { copies: verified.map(heldCopyOf) };
  const updated: HeldCredentialRow = {
    ...row,
    state: 'pending',
    vct: first.vct,
    issuedAt: typeof first.payload.iat === 'number' ? first.payload.iat : null,
    expiresAt: typeof first.payload.exp === 'number' ? first.payload.exp : null,
    statusUri: first.status?.status_list?.uri ?? null,
    statusIdx: first.status?.status_list?.idx ?? null,
    copies: verified.length,
    nextPollAt: null,
    // In clear beside the sealed value, as at receipt (store-received.ts).
    namesHolder: firstCopyNamesHolder(sealedNow),
    keyProtection: keyProtectionOf(sealedNow),
    sealed: sealJson(dataKeyOf(ctx, account), credentialAad(row), {
      ...sealedNow,
      ...(body.notification_id
        ? {
            notification: {
              accessToken: deferred.accessToken,
              notificationId: body.notification_id,
              ...(deferred.dpopKey ? { dpopKey: deferred.dpopKey } : {}),
              ...(deferred.dpopKeyId ? { dpopKeyId: deferred.dpopKeyId } : {}),
            },
          }
        : {}),
    }),
  };
  const { id: _id, accountId: _a, ...values } = updated;
  await ctx.store.updateCredential({ id: row.id, state: 'deferred' }, values);
  // Keys asked for but not used by any copy are dropped.
  const used = new Set(verified.flatMap((v) => (v.kmsKid === undefined ? [] : [v.kmsKid])));
  await deleteHolderKeys(
    ctx.keys,
    deferred.kmsKids.filter((k) => !used.has(k)),
  );
  return updated;
}
