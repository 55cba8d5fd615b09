import { fromBase64url, toBase64url } from './base64url';

/**
 * The person's keys, in the page only (docs/passkeys.md): a wrapping key derived from the
 * passkey's PRF output (HKDF-SHA-256 → AES-KW), the account key it wraps (AES-GCM-256), and
 * the holder keys (ECDSA P-256) wrapped under the account key. Nothing here leaves the page
 * unwrapped; unwrapped keys are non-extractable CryptoKeys.
 */

const hkdfSalt = new TextEncoder().encode('min-profil/passkeys/v1');
const hkdfInfo = new TextEncoder().encode('account-key wrapping');

/** A PRF output that is not 32 bytes, or an account key that does not unwrap under it. */
export class UnwrapFailure extends Error {}

export async function deriveWrappingKey(prfOutput: BufferSource): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', prfOutput, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: hkdfSalt, info: hkdfInfo },
    material,
    { name: 'AES-KW', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/** A new account key; extractable only so it can be wrapped under a passkey now. */
export async function createAccountKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['wrapKey', 'unwrapKey']);
}

export async function wrapAccountKey(wrappingKey: CryptoKey, accountKey: CryptoKey): Promise<string> {
  return toBase64url(await crypto.subtle.wrapKey('raw', accountKey, wrappingKey, 'AES-KW'));
}

/**
 * Opens the account key. `extractable` only while a new passkey is added (it must wrap the
 * same key); AES-KW's integrity check fails for a wrong PRF output (RFC 3394 §2.2.3).
 */
export async function unwrapAccountKey(
  wrappingKey: CryptoKey,
  wrapped: string,
  extractable = false,
): Promise<CryptoKey> {
  try {
    return await crypto.subtle.unwrapKey(
      'raw',
      fromBase64url(wrapped),
      wrappingKey,
      'AES-KW',
      { name: 'AES-GCM', length: 256 },
      extractable,
      ['wrapKey', 'unwrapKey'],
    );
  } catch {
    throw new UnwrapFailure('the passkey does not open this wallet’s keys');
  }
}

export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface WrappedHolderKey {
  public_jwk: PublicJwk;
  wrapped_key: string;
  iv: string;
}

/** The wrapped private key is bound to its public key (AAD), so blobs cannot be swapped. */
function aadOf(jwk: PublicJwk): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${jwk.x}.${jwk.y}`);
}

/** A new holder key, wrapped (AES-GCM, pkcs8) under the account key for the server to keep. */
export async function createHolderKey(accountKey: CryptoKey): Promise<WrappedHolderKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const publicJwk = { kty, crv, x, y } as PublicJwk;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await crypto.subtle.wrapKey('pkcs8', pair.privateKey, accountKey, {
    name: 'AES-GCM',
    iv,
    additionalData: aadOf(publicJwk),
  });
  return { public_jwk: publicJwk, wrapped_key: toBase64url(wrapped), iv: toBase64url(iv) };
}

/** Opens a holder key as a non-extractable signing key. */
export async function unwrapHolderKey(accountKey: CryptoKey, key: WrappedHolderKey): Promise<CryptoKey> {
  try {
    return await crypto.subtle.unwrapKey(
      'pkcs8',
      fromBase64url(key.wrapped_key),
      accountKey,
      { name: 'AES-GCM', iv: fromBase64url(key.iv), additionalData: aadOf(key.public_jwk) },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
  } catch {
    throw new UnwrapFailure('a holder key does not open under this wallet’s account key');
  }
}

/**
 * Signs a JWS signing input (`header.payload`) with ES256. WebCrypto's ECDSA signature is
 * already `r || s`, the JWS form (RFC 7518 §3.4).
 */
export async function signJws(key: CryptoKey, signingInput: string): Promise<string> {
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    new TextEncoder().encode(signingInput),
  );
  return toBase64url(signature);
}
