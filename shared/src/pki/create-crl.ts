import type { CertificateAuthority } from './create-ca.js';
import { ecdsaP256, x509 } from './x509-provider.js';

export interface RevokedEntry {
  serialNumber: string;
  revokedAt: Date;
  /** RFC 5280 §5.3.1: `superseded` for a renewed or rotated certificate, `keyCompromise`, … */
  reason: keyof typeof x509.X509CrlReason;
}

/** How long a CRL is good for unless the CA says otherwise; relying parties refuse it after. */
export const defaultCrlValidityMs = 24 * 3600_000;

/** The CA's revocation list (RFC 5280 §5), signed by the CA's own key. */
export function createCrl(
  ca: CertificateAuthority,
  revoked: RevokedEntry[],
  options: { now?: Date; validityMs?: number } = {},
): Promise<x509.X509Crl> {
  const now = options.now ?? new Date();
  return x509.X509CrlGenerator.create({
    issuer: ca.certificate.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + (options.validityMs ?? defaultCrlValidityMs)),
    signingKey: ca.privateKey,
    signingAlgorithm: ecdsaP256,
    entries: revoked.map((entry) => ({
      serialNumber: entry.serialNumber,
      revocationDate: entry.revokedAt,
      reason: x509.X509CrlReason[entry.reason],
    })),
  });
}
