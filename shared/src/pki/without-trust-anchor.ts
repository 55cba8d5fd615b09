import { X509Certificate } from 'node:crypto';

function isSelfSigned(certificate: string): boolean {
  try {
    const parsed = new X509Certificate(Buffer.from(certificate, 'base64'));
    return parsed.issuer === parsed.subject && parsed.verify(parsed.publicKey);
  } catch {
    return false;
  }
}

/**
 * An `x5c` chain as sent in a header: the leaf and any intermediates, without the self-signed
 * trust anchor (HAIP 1.0 §4.4.1 and §6.1.1: the relying party has the anchor from its trust
 * list; sending it invites trusting whatever chain comes). The leaf always stays.
 */
export function withoutTrustAnchor(x5c: readonly string[]): string[] {
  return x5c.filter((certificate, index) => index === 0 || !isSelfSigned(certificate));
}
