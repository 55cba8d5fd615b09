import { isIP } from 'node:net';
import type { CertificateAuthority } from './create-ca.js';
import { ecdsaP256, x509 } from './x509-provider.js';
import type { CryptoKey } from './x509-provider.js';

/**
 * Who a leaf certificate is for (docs/pki.md): a data holder (credential issuer), a verifier, the
 * wallet provider, or the registrar that signs consumers' registration certificates.
 */
export const certificateRoles = ['holder', 'verifier', 'wallet-provider', 'registrar'] as const;
export type CertificateRole = (typeof certificateRoles)[number];

export interface LeafSubject {
  role: CertificateRole;
  /** The entity's name, for people: the certificate's CN. */
  name: string;
  /** The host the entity is reached at (its `iss`, `client_id` or URL host): the dNSName (or iPAddress) SAN. */
  host: string;
  /** The entity's identifier URL (e.g. the credential issuer identifier): a URI SAN beside the host. */
  url?: string;
}

const dayMs = 24 * 3600_000;

function distinguishedName(subject: LeafSubject): string {
  // Commas and the like would change the DN's structure; a name is for people, so drop them.
  const cn = subject.name.replace(/[,+="\\<>;#]/g, ' ').trim();
  return `CN=${cn}, OU=${subject.role}, O=Min profil demo`;
}

/**
 * An end-entity certificate signed by the CA, for a key the entity holds: digitalSignature only,
 * not a CA, SAN naming its host (and URL), and where relying parties find the CA's CRL.
 */
export async function issueCertificate(
  ca: CertificateAuthority,
  options: {
    subject: LeafSubject;
    publicKey: CryptoKey;
    serialNumber: string;
    validityDays?: number;
    now?: Date;
    crlUri?: string;
  },
): Promise<x509.X509Certificate> {
  const now = options.now ?? new Date();
  const { subject } = options;
  const ip = isIP(subject.host) !== 0;
  if (
    !ip &&
    !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(subject.host)
  ) {
    throw new Error(`${JSON.stringify(subject.host)} is not a host name`);
  }
  if (subject.url !== undefined && new URL(subject.url).hostname !== subject.host) {
    throw new Error(`the URL ${subject.url} is not on the host ${subject.host}`);
  }
  // An address (the demo on 127.0.0.1) is an iPAddress name; a dNSName must be a host name.
  const names: x509.JsonGeneralNames = [{ type: ip ? 'ip' : 'dns', value: subject.host }];
  if (subject.url) names.push({ type: 'url', value: subject.url });
  return x509.X509CertificateGenerator.create({
    serialNumber: options.serialNumber,
    subject: distinguishedName(subject),
    issuer: ca.certificate.subjectName,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + (options.validityDays ?? 365) * dayMs),
    publicKey: options.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: ecdsaP256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(options.publicKey),
      ...(options.crlUri ? [new x509.CRLDistributionPointsExtension([options.crlUri])] : []),
    ],
  });
}
