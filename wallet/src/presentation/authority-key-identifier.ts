import type { X509Certificate } from 'node:crypto';

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** One DER element at `offset` (definite lengths up to 4 bytes; a certificate is small). */
function readTlv(der: Buffer, offset: number, limit = der.length): Tlv {
  if (offset + 2 > limit) throw new RangeError('truncated');
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || start + bytes > limit) throw new RangeError('bad length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i]!;
    start += bytes;
  }
  if (start + length > limit) throw new RangeError('truncated');
  return { tag, start, end: start + length };
}

function children(der: Buffer, parent: Tlv): Tlv[] {
  const found: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end;) {
    const child = readTlv(der, offset, parent.end);
    found.push(child);
    offset = child.end;
  }
  return found;
}

const SEQUENCE = 0x30;
const EXTENSIONS = 0xa3; // [3] EXPLICIT in TBSCertificate (RFC 5280 §4.1)
const OID = 0x06;
const OCTET_STRING = 0x04;
const KEY_IDENTIFIER = 0x80; // [0] IMPLICIT in AuthorityKeyIdentifier (RFC 5280 §4.2.1.1)
const AUTHORITY_KEY_IDENTIFIER_OID = Buffer.from([0x55, 0x1d, 0x23]); // 2.5.29.35

/**
 * The `keyIdentifier` of a certificate's Authority Key Identifier extension (RFC 5280
 * §4.2.1.1), base64url as DCQL `aki` values carry it (OpenID4VP 1.0 §6.1.1); undefined when
 * the certificate has none. Node's X509Certificate does not expose extensions, so the DER is
 * walked along the certificate's structure (Certificate → TBSCertificate → extensions); this
 * only reads an identifier to select credentials, nothing is verified with it.
 */
export function authorityKeyIdentifier(certificate: X509Certificate): string | undefined {
  const der = certificate.raw;
  try {
    const cert = readTlv(der, 0);
    const tbs = readTlv(der, cert.start, cert.end);
    if (cert.tag !== SEQUENCE || tbs.tag !== SEQUENCE) return undefined;
    const explicit = children(der, tbs).find((t) => t.tag === EXTENSIONS);
    if (!explicit) return undefined;
    const extensions = readTlv(der, explicit.start, explicit.end);
    for (const extension of children(der, extensions)) {
      const [oid, ...rest] = children(der, extension);
      if (oid?.tag !== OID || !der.subarray(oid.start, oid.end).equals(AUTHORITY_KEY_IDENTIFIER_OID))
        continue;
      // extnValue follows the optional `critical` BOOLEAN.
      const value = rest.find((t) => t.tag === OCTET_STRING);
      if (!value) return undefined;
      const aki = readTlv(der, value.start, value.end);
      const keyId = children(der, aki).find((t) => t.tag === KEY_IDENTIFIER);
      return keyId && keyId.end > keyId.start
        ? der.subarray(keyId.start, keyId.end).toString('base64url')
        : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
