import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { openJson, sealJson } from '../crypto/data-keys.js';
import type { AccountRow } from '../persistence/entities.js';
import type { SigningRequestRow } from '../persistence/signing-request-entities.js';

/** Long enough to unlock with a passkey and sign; short, since the verifier's nonce waits. */
export const SIGNING_REQUEST_TTL = 300;

const aad = (row: Pick<SigningRequestRow, 'id' | 'accountId'>) =>
  `signing-request:${row.accountId}:${row.id}`;

/** What the API answers with `202`: what the page must sign, and with which of its keys. */
export function describeSigningRequest(row: SigningRequestRow) {
  return {
    signing_request: {
      id: row.id,
      kind: row.kind,
      expires_at: new Date(row.expiresAt * 1000).toISOString(),
      inputs: row.inputs.map((i) => ({ key_id: i.keyId, alg: 'ES256', signing_input: i.signingInput })),
    },
  };
}

/** Stores a signing request, the continuation sealed with the person's data key. */
export async function createSigningRequest(
  ctx: WalletContext,
  account: AccountRow,
  kind: SigningRequestRow['kind'],
  inputs: SigningRequestRow['inputs'],
  continuation: unknown,
): Promise<SigningRequestRow> {
  const id = randomUUID();
  const now = ctx.now();
  const row: SigningRequestRow = {
    id,
    accountId: account.id,
    kind,
    inputs,
    continuation: sealJson(dataKeyOf(ctx, account), aad({ id, accountId: account.id }), continuation),
    createdAt: now,
    expiresAt: now + SIGNING_REQUEST_TTL,
  };
  await ctx.store.insertSigningRequest(row);
  return row;
}

/**
 * Takes the signing request once (a replay, an expired one, or another account's finds
 * nothing) and checks each ES256 signature (JWS `r || s`, RFC 7518 §3.4) against the public key
 * stored with the wrapped key it names. Returns the signed JWSs in order and the continuation.
 * A wrong signature spends the request: the page starts the answer again.
 */
export async function takeSignedRequest<T>(
  ctx: WalletContext,
  account: AccountRow,
  id: string,
  signatures: string[],
): Promise<{ row: SigningRequestRow; jws: string[]; continuation: T }> {
  const row = await ctx.store.takeSigningRequest(account.id, id, ctx.now());
  if (!row) {
    throw new OAuthError('invalid_request', 'the signing request is unknown, used or expired: start again', {
      status: 410,
    });
  }
  if (signatures.length !== row.inputs.length) {
    throw new OAuthError(
      'invalid_request',
      `expected ${row.inputs.length} signature(s), got ${signatures.length}: start again`,
    );
  }
  const jws: string[] = [];
  for (const [index, input] of row.inputs.entries()) {
    const stored = await ctx.store.findWrappedKey(account.id, input.keyId);
    if (!stored) throw new OAuthError('invalid_request', 'the key of this signing request is gone');
    const signature = Buffer.from(signatures[index]!, 'base64url');
    const key = createPublicKey({ key: stored.publicJwk, format: 'jwk' });
    const valid =
      signature.length === 64 &&
      verify(
        'sha256',
        Buffer.from(input.signingInput, 'ascii'),
        { key, dsaEncoding: 'ieee-p1363' },
        signature,
      );
    if (!valid) {
      throw new OAuthError(
        'invalid_request',
        `signature ${index + 1} is not by the key ${input.keyId}: start again`,
      );
    }
    jws.push(`${input.signingInput}.${signatures[index]!}`);
  }
  return { row, jws, continuation: openJson<T>(dataKeyOf(ctx, account), aad(row), row.continuation) };
}
