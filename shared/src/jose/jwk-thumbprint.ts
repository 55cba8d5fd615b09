import { createHash } from 'node:crypto';

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url), computed synchronously with node:crypto.
 * jose's `calculateJwkThumbprint` goes through WebCrypto's async digest, which cost about a
 * tenth of a presentation verification in the profile; the result is the same.
 */
const requiredMembers: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
};

export function jwkThumbprint(jwk: { kty?: unknown; [member: string]: unknown }): string {
  const members = typeof jwk.kty === 'string' ? requiredMembers[jwk.kty] : undefined;
  if (!members) throw new TypeError('JWK "kty" must be EC, OKP, RSA or oct');
  const canonical: Record<string, string> = {};
  for (const name of members) {
    const value = jwk[name];
    if (typeof value !== 'string' || value.length === 0) throw new TypeError(`JWK "${name}" missing`);
    canonical[name] = value;
  }
  // Members are listed in lexicographic order, so JSON.stringify gives the RFC's form.
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}
