import { X509Certificate, type KeyObject } from 'node:crypto';

/**
 * The leaf key of an `x5c` chain (RFC 7515 §4.1.6) that ends at one of `anchors`, checked with
 * node:crypto alone (no code of ours): each certificate is in its validity period and signed by
 * the next, the last by an anchor. Undefined when the chain does not hold. This counterpart does
 * not fetch CRLs.
 */
export function leafKeyOfChainToAnchor(
  x5c: string[],
  anchors: X509Certificate[],
  now = new Date(),
): KeyObject | undefined {
  let chain: X509Certificate[];
  try {
    chain = x5c.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
  } catch {
    return undefined;
  }
  if (chain.length === 0) return undefined;
  const current = (c: X509Certificate) => Date.parse(c.validFrom) <= +now && +now <= Date.parse(c.validTo);
  const signedBy = (c: X509Certificate, issuer: X509Certificate) =>
    c.checkIssued(issuer) && c.verify(issuer.publicKey);
  if (!chain.every(current)) return undefined;
  for (let i = 0; i + 1 < chain.length; i++) if (!signedBy(chain[i]!, chain[i + 1]!)) return undefined;
  const last = chain.at(-1)!;
  if (!anchors.some((anchor) => current(anchor) && signedBy(last, anchor))) return undefined;
  return chain[0]!.publicKey;
}
