import { checkNotRevoked } from './check-revocation.js';
import type { CrlFetcher } from './crl-fetcher.js';
import { sameName } from './same-name.js';
import { sanNamesHost } from './san-names-host.js';
import { X509ChainError } from './x509-chain-error.js';
import { anyExtendedKeyUsage } from './extended-key-usages.js';
import { certificateFromBase64, exportJwk, x509 } from './x509-provider.js';
import type { JsonWebKey } from './x509-provider.js';

/** A CA the trust list names (`x509_trust_anchors`): its certificate and where its CRL is. */
export interface X509TrustAnchor {
  /** Standard base64 of the certificate's DER. */
  certificate: string;
  crl_uri?: string;
}

export interface ValidatedChain {
  leaf: x509.X509Certificate;
  /** The leaf's public key, to verify what it signed (e.g. with jose). */
  publicJwk: JsonWebKey;
  anchor: X509TrustAnchor;
}

/** Longest `x5c` accepted: a leaf, a few intermediates, perhaps the root. */
const maxChainLength = 5;

function describe(certificate: x509.X509Certificate): string {
  return `${certificate.subject} (serial ${certificate.serialNumber})`;
}

function parseChain(x5c: unknown): x509.X509Certificate[] {
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > maxChainLength) {
    throw new X509ChainError('invalid_chain', `x5c must be an array of 1 to ${maxChainLength} certificates`);
  }
  return x5c.map((entry, i) => {
    try {
      if (typeof entry !== 'string') throw new Error('not a string');
      return certificateFromBase64(entry);
    } catch {
      throw new X509ChainError('invalid_chain', `x5c[${i}] is not a base64 DER certificate`);
    }
  });
}

function parseAnchors(anchors: X509TrustAnchor[]) {
  return anchors.flatMap((anchor) => {
    try {
      return [{ anchor, certificate: certificateFromBase64(anchor.certificate) }];
    } catch {
      return []; // the trust list's schema checks the form; an anchor that does not parse trusts nothing
    }
  });
}

function signedBy(certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  if (!sameName(certificate.issuerName, issuer.subjectName)) return Promise.resolve(false);
  return certificate.verify({ publicKey: issuer.publicKey, signatureOnly: true }).catch(() => false);
}

/** The anchor the chain ends at: the last certificate itself, or the one that signed it. */
async function findAnchor(last: x509.X509Certificate, anchors: ReturnType<typeof parseAnchors>) {
  const raw = Buffer.from(last.rawData);
  const included = anchors.find((a) => raw.equals(Buffer.from(a.certificate.rawData)));
  if (included) return { ...included, included: true };
  for (const candidate of anchors) {
    if (await signedBy(last, candidate.certificate)) return { ...candidate, included: false };
  }
  throw new X509ChainError(
    'untrusted_anchor',
    `the chain ends at ${describe(last)}, issued by ${last.issuer}, which is no trust anchor the trust list names`,
  );
}

/** The critical extensions this validation processes (RFC 5280 §4.2: refuse any other critical one). */
const understoodCritical = new Set([
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.19', // basicConstraints
]);

const extendedKeyUsageOid = '2.5.29.37';

/**
 * A critical extended key usage on the leaf is processed: the leaf is accepted only for a use
 * the caller names among its purposes (or with anyExtendedKeyUsage). A non-critical one is
 * advisory (RFC 5280 §4.2.1.12) and does not restrict. On a CA certificate a critical EKU is
 * not processed here, and refused like any other unknown critical extension.
 */
export function checkExtendedKeyUsage(leaf: x509.X509Certificate, accepted: readonly string[]): void {
  const extension = leaf.getExtension(x509.ExtendedKeyUsageExtension);
  if (!extension?.critical) return;
  const purposes = extension.usages.map(String);
  if (purposes.some((p) => p === anyExtendedKeyUsage || accepted.includes(p))) return;
  throw new X509ChainError(
    'key_usage',
    `the leaf ${describe(leaf)} is restricted by a critical extended key usage to ${purposes.join(', ')}, ` +
      (accepted.length > 0
        ? `none of which this use accepts (${accepted.join(', ')})`
        : 'and this use accepts no extended key usage'),
  );
}

function checkCriticalExtensions(certificate: x509.X509Certificate, isLeaf: boolean): void {
  const unknown = certificate.extensions.find(
    (e) => e.critical && !understoodCritical.has(e.type) && !(isLeaf && e.type === extendedKeyUsageOid),
  );
  if (unknown) {
    throw new X509ChainError(
      'invalid_chain',
      `${describe(certificate)} has a critical extension ${unknown.type} this validation does not process`,
    );
  }
}

function checkValidity(certificate: x509.X509Certificate, now: Date): void {
  if (now < certificate.notBefore) {
    throw new X509ChainError(
      'not_yet_valid',
      `the certificate ${describe(certificate)} is not valid before ${certificate.notBefore.toISOString()}`,
    );
  }
  if (now > certificate.notAfter) {
    throw new X509ChainError(
      'expired',
      `the certificate ${describe(certificate)} expired on ${certificate.notAfter.toISOString()}`,
    );
  }
}

/** A certificate that signs others: a CA (RFC 5280 §4.2.1.9) allowed to sign certificates (§4.2.1.3). */
function checkIssuerConstraints(certificate: x509.X509Certificate, certificatesBelow: number): void {
  const basic = certificate.getExtension(x509.BasicConstraintsExtension);
  if (!basic?.ca) {
    throw new X509ChainError(
      'basic_constraints',
      `${describe(certificate)} is not a CA but signs a certificate`,
    );
  }
  // certificatesBelow counts the intermediates under this one; pathLength bounds them.
  if (basic.pathLength !== undefined && certificatesBelow > basic.pathLength) {
    throw new X509ChainError(
      'basic_constraints',
      `${describe(certificate)} allows at most ${basic.pathLength} CAs below it`,
    );
  }
  const usage = certificate.getExtension(x509.KeyUsagesExtension);
  if (usage && !(usage.usages & x509.KeyUsageFlags.keyCertSign)) {
    throw new X509ChainError('key_usage', `${describe(certificate)} may not sign certificates`);
  }
}

function checkLeafConstraints(leaf: x509.X509Certificate): void {
  if (leaf.getExtension(x509.BasicConstraintsExtension)?.ca) {
    throw new X509ChainError('basic_constraints', `the leaf ${describe(leaf)} is a CA certificate`);
  }
  const usage = leaf.getExtension(x509.KeyUsagesExtension);
  if (!usage || !(usage.usages & x509.KeyUsageFlags.digitalSignature)) {
    throw new X509ChainError('key_usage', `the leaf ${describe(leaf)} may not make digital signatures`);
  }
}

/**
 * Validates an `x5c` header (RFC 7515 §4.1.6: leaf first, each certified by the next) against the
 * trust anchors the trust list names (docs/pki.md): every signature, validity period, basic
 * constraints and key usage, the leaf's SAN against `expectedHost`, and revocation per each
 * issuer's CRL. A self-signed leaf and a chain to any other anchor are refused. Throws an
 * X509ChainError with a stable code and a reason a person can act on.
 */
export async function validateX5cChain(
  x5c: unknown,
  anchors: X509TrustAnchor[],
  options: {
    expectedHost?: string;
    now?: Date;
    crlFetcher: CrlFetcher;
    /** The extended key usages this use of the leaf falls under (a critical EKU must list one). */
    extendedKeyUsages?: readonly string[];
  },
): Promise<ValidatedChain> {
  const now = options.now ?? new Date();
  const chain = parseChain(x5c);
  const leaf = chain[0];
  if (await leaf.isSelfSigned().catch(() => false)) {
    throw new X509ChainError(
      'self_signed_leaf',
      `the leaf ${describe(leaf)} is self-signed; no CA vouches for it`,
    );
  }
  const anchor = await findAnchor(chain[chain.length - 1], parseAnchors(anchors));
  // The certificates to check: those in x5c below the anchor, then the anchor as their issuer.
  const path = anchor.included ? chain.slice(0, -1) : chain;
  for (let i = 0; i < path.length - 1; i++) {
    if (!(await signedBy(path[i], path[i + 1]))) {
      throw new X509ChainError(
        'invalid_chain',
        `x5c[${i + 1}] did not sign x5c[${i}] (${describe(path[i])})`,
      );
    }
  }
  const issuers = [...path.slice(1), anchor.certificate];
  for (const certificate of [...path, anchor.certificate]) {
    checkValidity(certificate, now);
    checkCriticalExtensions(certificate, certificate === leaf);
  }
  checkLeafConstraints(leaf);
  checkExtendedKeyUsage(leaf, options.extendedKeyUsages ?? []);
  issuers.forEach((issuer, i) => checkIssuerConstraints(issuer, i));
  if (options.expectedHost !== undefined && !sanNamesHost(leaf, options.expectedHost)) {
    throw new X509ChainError(
      'san_mismatch',
      `the leaf ${describe(leaf)} does not name the host ${options.expectedHost} in its subject alternative names`,
    );
  }
  for (let i = 0; i < path.length; i++) {
    const issuer = issuers[i];
    await checkNotRevoked(path[i], issuer, {
      crlUri: issuer === anchor.certificate ? anchor.anchor.crl_uri : undefined,
      fetchCrl: options.crlFetcher,
      now,
    });
  }
  const publicJwk = await leaf.publicKey
    .export()
    .then(exportJwk)
    .catch(() => {
      throw new X509ChainError('invalid_chain', `the key of the leaf ${describe(leaf)} cannot be used`);
    });
  return { leaf, publicJwk, anchor: anchor.anchor };
}
