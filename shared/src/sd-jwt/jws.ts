import { createPublicKey, KeyObject, sign as signRaw, verify as verifyRaw } from 'node:crypto';
import type { JWK } from 'jose';
import { isSigner, type Signer } from '../signing/signer.js';
import { SdJwtError, type SdJwtErrorCode } from './sd-jwt-error.js';

/**
 * Algorithms we accept on anything we verify; `none` and HMAC never (RFC 9901 §7.1 step 2.b).
 * `Ed25519` is the fully specified name (RFC 9864) OpenID4VP 1.0 B.3.4 asks for; `EdDSA` is
 * still accepted from others.
 */
export const ALLOWED_JWS_ALGS = ['ES256', 'ES384', 'Ed25519', 'EdDSA'] as const;
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

/**
 * The node:crypto parameters of each accepted algorithm: digest (none for EdDSA) and the key
 * type it needs (RFC 7518 §3.4, RFC 8037 §3.1). JWS ECDSA signatures are R || S (IEEE P1363).
 */
const ALG_PARAMS: Record<JwsAlg, { digest: string | null; keyType: string; curves?: string[] }> = {
  ES256: { digest: 'sha256', keyType: 'ec', curves: ['prime256v1'] },
  ES384: { digest: 'sha384', keyType: 'ec', curves: ['secp384r1'] },
  Ed25519: { digest: null, keyType: 'ed25519' },
  EdDSA: { digest: null, keyType: 'ed25519' },
};

function keyFitsAlg(key: KeyObject, alg: JwsAlg): boolean {
  const params = ALG_PARAMS[alg];
  if (alg === 'Ed25519') return key.asymmetricKeyType === 'ed25519';
  if (alg === 'EdDSA') return key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448';
  return (
    key.asymmetricKeyType === params.keyType &&
    params.curves!.includes(key.asymmetricKeyDetails?.namedCurve ?? '')
  );
}

/**
 * Public keys imported from JWKs, kept so the hot path imports each key once: by object for
 * keys we hold (trust list, metadata), and by value for the holder keys every presentation
 * carries in `cnf.jwk` (a bounded map, oldest first out).
 */
const importedByObject = new WeakMap<object, KeyObject>();
const importedByValue = new Map<string, KeyObject>();
const MAX_IMPORTED_BY_VALUE = 10_000;

function toPublicKey(key: VerificationKey): KeyObject {
  if (key instanceof KeyObject) {
    if (key.type === 'public') return key;
    if (key.type === 'private') return createPublicKey(key);
    throw new TypeError('a secret key cannot verify an asymmetric signature');
  }
  const known = importedByObject.get(key);
  if (known) return known;
  const { kty, crv, x, y } = key as Record<string, unknown>;
  if ('d' in key) throw new TypeError('a private JWK cannot be used to verify');
  // Only the key types of ALLOWED_JWS_ALGS; their public part is exactly kty, crv, x (and y).
  if (kty !== 'EC' && kty !== 'OKP')
    throw new TypeError(`a ${String(kty)} key cannot verify ES256/ES384/EdDSA`);
  const id = `${String(kty)}|${String(crv)}|${String(x)}|${String(y)}`;
  let imported = importedByValue.get(id);
  if (!imported) {
    imported = createPublicKey({ key: { kty, crv, x, y } as never, format: 'jwk' });
    importedByValue.set(id, imported);
    if (importedByValue.size > MAX_IMPORTED_BY_VALUE) {
      importedByValue.delete(importedByValue.keys().next().value!);
    }
  }
  importedByObject.set(key, imported);
  return imported;
}

/**
 * Signs `payload` as a compact JWS. A `node:crypto` key signs synchronously: on one core this is
 * about twice as fast as WebCrypto's thread-pool round trip (bench/RESULTS.md). A `Signer` (the
 * signing seam, signing/signer.ts) signs wherever its key lives, e.g. in a PKCS#11 token.
 */
export async function signCompactJwt(options: {
  header: JsonObject & { alg: string };
  payload: JsonObject | Uint8Array;
  privateKey: KeyObject | Signer;
}): Promise<string> {
  const { alg } = options.header;
  if (!isAllowedAlg(alg)) throw new SdJwtError('unsupported_alg', `alg ${alg} is not supported for signing`);
  const key = options.privateKey;
  if (isSigner(key) ? key.alg !== alg : !keyFitsAlg(key, alg)) {
    throw new SdJwtError('unsupported_alg', `the signing key does not fit alg ${alg}`);
  }
  const payload =
    options.payload instanceof Uint8Array
      ? Buffer.from(options.payload)
      : Buffer.from(JSON.stringify(options.payload), 'utf8');
  const signingInput = `${Buffer.from(JSON.stringify(options.header), 'utf8').toString('base64url')}.${payload.toString('base64url')}`;
  const input = Buffer.from(signingInput, 'ascii');
  const signature = isSigner(key)
    ? Buffer.from(await key.sign(input))
    : signRaw(ALG_PARAMS[alg].digest, input, { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/**
 * Checks the signature of a compact JWS (RFC 7515 §5.2) with node:crypto, synchronously, on a
 * key imported once. The header's `alg` must be one we accept and fit the key; `crit` is not
 * understood and so refused (§4.1.11). Every failure but the algorithm maps onto `invalidCode`
 * (bad signature, wrong key type), so callers get one stable code.
 */
export async function verifyCompactJwtSignature(options: {
  jwt: string;
  key: VerificationKey;
  invalidCode: SdJwtErrorCode;
  what: string;
  /** The JWS header, when the caller already decoded it from `jwt`. */
  header?: JsonObject;
}): Promise<void> {
  const invalid = (cause?: unknown) =>
    new SdJwtError(options.invalidCode, `${options.what} signature does not verify`, { cause });
  const parts = options.jwt.split('.');
  if (parts.length !== 3 || !BASE64URL.test(parts[2])) throw invalid();
  let header: JsonObject;
  try {
    header = options.header ?? decodeJsonSegment(parts[0], options.invalidCode, `${options.what} header`);
  } catch (cause) {
    throw invalid(cause);
  }
  const alg = header.alg;
  if (!isAllowedAlg(alg)) {
    throw new SdJwtError('unsupported_alg', `${options.what} uses an algorithm that is not allowed`);
  }
  if (header.crit !== undefined || header.b64 !== undefined) throw invalid();
  let ok: boolean;
  try {
    const key = toPublicKey(options.key);
    if (!keyFitsAlg(key, alg)) throw new TypeError(`the key does not fit alg ${alg}`);
    ok = verifyRaw(
      ALG_PARAMS[alg].digest,
      Buffer.from(options.jwt.slice(0, parts[0].length + 1 + parts[1].length), 'ascii'),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(parts[2], 'base64url'),
    );
  } catch (cause) {
    throw invalid(cause);
  }
  if (!ok) throw invalid();
}
