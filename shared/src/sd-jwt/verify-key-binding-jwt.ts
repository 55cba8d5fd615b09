import type { JWK } from 'jose';
import { hashBase64url } from './disclosure.js';
import {
  decodeCompactJwt,
  isAllowedAlg,
  isJsonObject,
  verifyCompactJwtSignature,
  type JsonObject,
} from './jws.js';
import { SdJwtError } from './sd-jwt-error.js';
import {
  zKeyBindingJwtHeader,
  zKeyBindingJwtPayload,
  type KeyBindingJwtHeader,
  type KeyBindingJwtPayload,
} from './z-key-binding-jwt.js';

/** What the verifier expects of the KB-JWT; giving this makes a KB-JWT required. */
export interface KeyBindingExpectation {
  nonce: string;
  /** The verifier's client_id (OpenID4VP 1.0 §B.3.3). */
  audience: string;
  /** Seconds; defaults to the `now` of the SD-JWT check. */
  now?: number;
  /** How old `iat` may be; default 300 s. */
  maxAgeSeconds?: number;
  /**
   * The request's `transaction_data` strings, when it had any: the KB-JWT must then carry the
   * hash of each in `transaction_data_hashes` (OpenID4VP 1.0 §8.4, B.3.3).
   */
  transactionData?: string[];
  /** Hash names the request allowed in `transaction_data_hashes_alg`; default ['sha-256']. */
  transactionDataHashAlgs?: string[];
}

export interface VerifiedKeyBinding {
  header: KeyBindingJwtHeader;
  payload: KeyBindingJwtPayload;
}

export const DEFAULT_KB_MAX_AGE_SECONDS = 300;

/**
 * Checks a KB-JWT (RFC 9901 §4.3.1, §7.3 step 4): `typ`, signature by the holder key from `cnf`,
 * `sd_hash` over the presentation, `nonce`, `aud` and the freshness of `iat`.
 */
export async function verifyKeyBindingJwt(options: {
  kbJwt: string;
  /** The presentation up to and including the last `~`. */
  sdJwtPart: string;
  sdAlg: string;
  cnf: unknown;
  expected: KeyBindingExpectation;
  now: number;
  clockSkewSeconds: number;
}): Promise<VerifiedKeyBinding> {
  const { expected, now } = options;
  const decoded = decodeCompactJwt(options.kbJwt, 'kb_jwt_malformed', 'the KB-JWT');
  const header = zKeyBindingJwtHeader.safeParse(decoded.header);
  if (!header.success) throw new SdJwtError('kb_jwt_malformed', 'the KB-JWT header typ is not kb+jwt');
  if (!isAllowedAlg(header.data.alg)) {
    throw new SdJwtError('unsupported_alg', 'the KB-JWT alg is not allowed');
  }
  const payload = zKeyBindingJwtPayload.safeParse(decoded.payload);
  if (!payload.success) {
    throw new SdJwtError('kb_jwt_malformed', 'the KB-JWT payload lacks iat, aud, nonce or sd_hash');
  }

  // SD-JWT VC §3.5 / RFC 7800: the holder key is `cnf.jwk`.
  const holderJwk = isJsonObject(options.cnf) && isJsonObject(options.cnf.jwk) ? options.cnf.jwk : undefined;
  if (holderJwk === undefined) {
    throw new SdJwtError('cnf_missing', 'the SD-JWT has no cnf.jwk to bind a KB-JWT to');
  }
  await verifyCompactJwtSignature({
    jwt: options.kbJwt,
    header: decoded.header,
    key: holderJwk as JWK,
    invalidCode: 'kb_jwt_invalid_signature',
    what: 'the KB-JWT',
  });

  const claims = payload.data;
  // RFC 9901 §4.3.1: sd_hash is over the presentation up to and including the last `~`.
  if (claims.sd_hash !== hashBase64url(options.sdJwtPart, options.sdAlg)) {
    throw new SdJwtError('sd_hash_mismatch', 'the KB-JWT sd_hash does not match the presentation');
  }
  if (claims.nonce !== expected.nonce) {
    throw new SdJwtError('kb_jwt_nonce_mismatch', 'the KB-JWT nonce is wrong');
  }
  if (claims.aud !== expected.audience) {
    throw new SdJwtError('kb_jwt_aud_mismatch', 'the KB-JWT aud is wrong');
  }
  const kbNow = expected.now ?? now;
  if (claims.iat > kbNow + options.clockSkewSeconds) {
    throw new SdJwtError('kb_jwt_issued_in_future', 'the KB-JWT iat is in the future');
  }
  if (kbNow - claims.iat > (expected.maxAgeSeconds ?? DEFAULT_KB_MAX_AGE_SECONDS)) {
    throw new SdJwtError('kb_jwt_stale', 'the KB-JWT is too old');
  }
  checkTransactionData(claims, expected);
  return { header: header.data, payload: claims };
}

/** The hash of one `transaction_data` string as OpenID4VP 1.0 §8.4 puts it in the KB-JWT. */
export function hashTransactionData(options: { transactionData: string; alg?: string }): string {
  return hashBase64url(options.transactionData, options.alg ?? 'sha-256');
}

function checkTransactionData(
  claims: KeyBindingJwtPayload & JsonObject,
  expected: KeyBindingExpectation,
): void {
  if (expected.transactionData === undefined || expected.transactionData.length === 0) return;
  const alg = claims.transaction_data_hashes_alg ?? 'sha-256';
  if (!(expected.transactionDataHashAlgs ?? ['sha-256']).includes(alg)) {
    throw new SdJwtError('transaction_data_mismatch', `transaction_data_hashes_alg ${alg} was not offered`);
  }
  const got = claims.transaction_data_hashes ?? [];
  const want = expected.transactionData.map((transactionData) =>
    hashTransactionData({ transactionData, alg }),
  );
  if (got.length !== want.length || want.some((hash) => !got.includes(hash))) {
    throw new SdJwtError(
      'transaction_data_mismatch',
      'the KB-JWT does not hash the request transaction data',
    );
  }
}
