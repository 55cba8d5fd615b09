import { createHash } from 'node:crypto';
import { certificateFromBase64, x509 } from './x509-provider.js';

/** The X.509 client identifier prefixes of OpenID4VP 1.0 §5.9.3 (HAIP 1.0 requires `x509_hash`). */
export type X509ClientIdPrefix = 'x509_hash' | 'x509_san_dns';

/** base64url SHA-256 of a certificate's DER (standard base64 in `x5c`): the value of `x509_hash:`. */
export function x509CertificateHash(certificateBase64: string): string {
  return createHash('sha256').update(Buffer.from(certificateBase64, 'base64')).digest('base64url');
}

/** The dNSName entries of a certificate's SAN (not iPAddress or URI: `x509_san_dns` names DNS names only). */
export function sanDnsNames(certificateBase64: string): string[] {
  const san = certificateFromBase64(certificateBase64).getExtension(x509.SubjectAlternativeNameExtension);
  return (san?.names.items ?? []).filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase());
}

/**
 * The client identifier an access certificate gives (OpenID4VP 1.0 §5.9.3): `x509_hash:<hash of
 * the leaf>`, or `x509_san_dns:<its first SAN dNSName>`. Throws when the leaf has no dNSName.
 */
export function x509ClientId(prefix: X509ClientIdPrefix, leafBase64: string): string {
  if (prefix === 'x509_hash') return `x509_hash:${x509CertificateHash(leafBase64)}`;
  const [name] = sanDnsNames(leafBase64);
  if (!name) throw new Error('the access certificate has no dNSName in its SAN (needed for x509_san_dns)');
  return `x509_san_dns:${name}`;
}
