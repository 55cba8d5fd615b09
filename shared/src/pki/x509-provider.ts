// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 signs and verifies through WebCrypto; Node's implementation, set once here.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** Every key and signature of the demo CA: ECDSA on P-256 with SHA-256 (ES256 in JOSE terms). */
export const ecdsaP256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export { x509 };

// The WebCrypto types without the DOM library (this package compiles for Node only).
export type CryptoKey = webcrypto.CryptoKey;
export type JsonWebKey = webcrypto.JsonWebKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

export function generateP256KeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ecdsaP256, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

export function importP256PrivateKey(jwk: JsonWebKey): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('jwk', jwk, ecdsaP256, true, ['sign']) as Promise<CryptoKey>;
}

export function importP256PublicKey(jwk: JsonWebKey): Promise<CryptoKey> {
  const { kty, crv, x, y } = jwk;
  return webcrypto.subtle.importKey('jwk', { kty, crv, x, y }, ecdsaP256, true, [
    'verify',
  ]) as Promise<CryptoKey>;
}

export async function exportJwk(key: CryptoKey): Promise<JsonWebKey> {
  return (await webcrypto.subtle.exportKey('jwk', key)) as JsonWebKey;
}

/** `x5c` and the trust list carry certificates as standard base64 of the DER (RFC 7515 §4.1.6). */
export function certificateToBase64(certificate: x509.X509Certificate): string {
  return Buffer.from(certificate.rawData).toString('base64');
}

/** Parses base64 DER; throws on anything that is not one certificate. */
export function certificateFromBase64(value: string): x509.X509Certificate {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw new Error('not standard base64');
  return new x509.X509Certificate(Buffer.from(value, 'base64'));
}
