import type { KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, errors, type JWK } from 'jose';
import { SdJwtError, type SdJwtErrorCode } from './sd-jwt-error.js';

/** Algorithms we accept on anything we verify; `none` and HMAC never (RFC 9901 §7.1 step 2.b). */
export const ALLOWED_JWS_ALGS = ['ES256', 'ES384', 'EdDSA'] as const;
export type JwsAlg = (typeof ALLOWED_JWS_ALGS)[number];

export type JsonObject = Record<string, unknown>;

/** A key to verify with: a `node:crypto` public key or a public JWK. */
export type VerificationKey = KeyObject | JWK;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isAllowedAlg(alg: unknown): alg is JwsAlg {
  return typeof alg === 'string' && (ALLOWED_JWS_ALGS as readonly string[]).includes(alg);
}

/** Decodes one base64url segment as a JSON object, or throws `code`. */
export function decodeJsonSegment(segment: string, code: SdJwtErrorCode, what: string): JsonObject {
  if (segment.length === 0 || !BASE64URL.test(segment)) {
    throw new SdJwtError(code, `${what} is not base64url`);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new SdJwtError(code, `${what} is not JSON`, { cause });
  }
  if (!isJsonObject(value)) throw new SdJwtError(code, `${what} is not a JSON object`);
  return value;
}

export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
}

/** Splits and decodes a compact JWS without checking its signature. */
export function decodeCompactJwt(jwt: string, code: SdJwtErrorCode, what: string): DecodedJwt {
  const parts = jwt.split('.');
  // An empty signature (`alg: none`) parses here; the alg check refuses it with a clear code.
  if (parts.length !== 3 || !BASE64URL.test(parts[2])) {
    throw new SdJwtError(code, `${what} is not a compact JWS`);
  }
  return {
    header: decodeJsonSegment(parts[0], code, `${what} header`),
    payload: decodeJsonSegment(parts[1], code, `${what} payload`),
  };
}

/** Signs `payload` as a compact JWS through jose (node:crypto underneath). */
export async function signCompactJwt(options: {
  header: JsonObject & { alg: string };
  payload: JsonObject;
  privateKey: KeyObject;
}): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(options.payload), 'utf8'))
    .setProtectedHeader(options.header)
    .sign(options.privateKey);
}

/**
 * Checks the signature of a compact JWS whose header the caller already decoded. Maps jose's
 * failures onto `invalidCode` (bad signature, wrong key type) so callers get one stable code.
 */
export async function verifyCompactJwtSignature(options: {
  jwt: string;
  key: VerificationKey;
  invalidCode: SdJwtErrorCode;
  what: string;
}): Promise<void> {
  try {
    await compactVerify(options.jwt, options.key, { algorithms: [...ALLOWED_JWS_ALGS] });
  } catch (cause) {
    if (cause instanceof errors.JOSEAlgNotAllowed) {
      throw new SdJwtError('unsupported_alg', `${options.what} uses an algorithm that is not allowed`, {
        cause,
      });
    }
    throw new SdJwtError(options.invalidCode, `${options.what} signature does not verify`, { cause });
  }
}
