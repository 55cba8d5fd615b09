import type { KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { signCompactJwt } from '../sd-jwt/jws.js';
import type { Signer } from '../signing/signer.js';
import { TrustListError } from './trust-list-error.js';
import { zTrustList, type TrustList } from './z-trust-list.js';

export const trustListTyp = 'trust-list+jwt';

/**
 * Signs the trust list as a compact JWS (`typ: trust-list+jwt`) with the operator's key: a
 * `node:crypto` key, or a `Signer` on a key in a PKCS#11 token.
 */
export async function signTrustList(options: {
  trustList: TrustList;
  privateKey: KeyObject | Signer;
  kid: string;
}): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify(zTrustList.parse(options.trustList)));
  return signCompactJwt({
    header: { alg: 'ES256', typ: trustListTyp, kid: options.kid },
    payload,
    privateKey: options.privateKey,
  });
}

export interface VerifiedTrustList {
  list: TrustList;
  /** The key that verified it. */
  key: JWK;
  /** SHA-256 of the signed payload: tells a re-read of the same list from another list. */
  digest: string;
}

/**
 * Verifies a list against the operator keys a consumer trusts. The JWS header's `kid` picks the
 * key (RFC 7515 §4.1.4); a key configured without a `kid` (version 1 set-ups) is tried for any.
 * A list whose `kid` names no trusted key is refused as signed by an unknown key.
 */
export async function verifyTrustListWithKeys(options: {
  jws: string;
  keys: JWK[];
}): Promise<VerifiedTrustList> {
  const jws = options.jws.trim();
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new TrustListError('invalid_signature', 'the trust list is not a compact JWS');
  }
  if (header.typ !== trustListTyp) {
    throw new TrustListError('invalid_signature', `the trust list's typ must be ${trustListTyp}`);
  }
  const named = options.keys.filter((k) => k.kid !== undefined && k.kid === header.kid);
  const candidates = named.length > 0 ? named : options.keys.filter((k) => k.kid === undefined);
  if (candidates.length === 0) {
    throw new TrustListError(
      'unknown_operator_key',
      `the trust list is signed by an unknown operator key (kid ${JSON.stringify(header.kid ?? null)})`,
    );
  }
  for (const key of candidates) {
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(jws, await importJWK(key, 'ES256'), { algorithms: ['ES256'] }));
    } catch {
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      throw new TrustListError('invalid_list', 'the trust list is not JSON');
    }
    const parsed = zTrustList.safeParse(json);
    if (!parsed.success) {
      throw new TrustListError('invalid_list', `the trust list is malformed: ${parsed.error.message}`);
    }
    return { list: parsed.data, key, digest: createHash('sha256').update(payload).digest('base64url') };
  }
  throw new TrustListError(
    'invalid_signature',
    `the trust list's signature does not verify with the operator key ${JSON.stringify(header.kid ?? null)}`,
  );
}

/** Verifies the operator's signature and the list's shape with one key; throws on either failing. */
export async function verifyTrustList(options: { jws: string; operatorJwk: JWK }): Promise<TrustList> {
  return (await verifyTrustListWithKeys({ jws: options.jws, keys: [options.operatorJwk] })).list;
}
