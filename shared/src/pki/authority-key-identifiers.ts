import { certificateFromBase64, x509 } from './x509-provider.js';

/**
 * The `keyIdentifier` of each certificate's Authority Key Identifier extension (RFC 5280
 * §4.2.1.1) in an `x5c` chain, base64url as DCQL `aki` values carry it (OpenID4VP 1.0 §6.1.1).
 * Certificates without one (or that do not parse) add nothing. Only call this on a chain that was
 * validated: an identifier selects, it proves nothing.
 */
export function authorityKeyIdentifiers(x5c: unknown): string[] {
  if (!Array.isArray(x5c)) return [];
  const identifiers: string[] = [];
  for (const entry of x5c) {
    if (typeof entry !== 'string') continue;
    try {
      const extension = certificateFromBase64(entry).getExtension(x509.AuthorityKeyIdentifierExtension);
      if (extension?.keyId) identifiers.push(Buffer.from(extension.keyId, 'hex').toString('base64url'));
    } catch {
      // Not a certificate: no identifier.
    }
  }
  return identifiers;
}
