import type { CrlFetcher } from './crl-fetcher.js';
import { X509ChainError } from './x509-chain-error.js';
import { sameName } from './same-name.js';
import { x509 } from './x509-provider.js';

/** How far a CRL's thisUpdate may lie ahead of our clock (the CA's clock may run ahead). */
const clockSkewMs = 5 * 60_000;

/** The CRL locations a certificate names (CRL distribution points, full-name URIs). */
export function crlDistributionPoints(certificate: x509.X509Certificate): string[] {
  const extension = certificate.getExtension(x509.CRLDistributionPointsExtension);
  return (extension?.distributionPoints ?? []).flatMap(
    (point) =>
      point.distributionPoint?.fullName?.flatMap((name) =>
        name.uniformResourceIdentifier ? [name.uniformResourceIdentifier] : [],
      ) ?? [],
  );
}

/**
 * Refuses a certificate its issuer has revoked: fetches the issuer's CRL, checks it is the
 * issuer's (name and signature) and current, and looks the serial number up. Fails closed: no
 * CRL, no acceptance.
 */
export async function checkNotRevoked(
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  options: { crlUri: string | undefined; fetchCrl: CrlFetcher; now: Date },
): Promise<void> {
  const who = `the certificate ${certificate.subject} (serial ${certificate.serialNumber})`;
  const uri = options.crlUri ?? crlDistributionPoints(certificate)[0];
  if (!uri) throw new X509ChainError('crl_unavailable', `no CRL location is known for ${who}`);
  let der: Uint8Array;
  try {
    der = await options.fetchCrl(uri);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new X509ChainError('crl_unavailable', `the CRL at ${uri} could not be fetched: ${reason}`);
  }
  let crl: x509.X509Crl;
  try {
    crl = new x509.X509Crl(der);
  } catch {
    throw new X509ChainError('crl_invalid', `the document at ${uri} is not a CRL`);
  }
  if (!sameName(crl.issuerName, issuer.subjectName)) {
    throw new X509ChainError(
      'crl_invalid',
      `the CRL at ${uri} is issued by ${crl.issuer}, not ${issuer.subject}`,
    );
  }
  const usage = issuer.getExtension(x509.KeyUsagesExtension);
  if (usage && !(usage.usages & x509.KeyUsageFlags.cRLSign)) {
    throw new X509ChainError('crl_invalid', `${issuer.subject} may not sign CRLs (keyUsage without cRLSign)`);
  }
  const signed = await crl.verify({ publicKey: issuer }).catch(() => false);
  if (!signed) {
    throw new X509ChainError('crl_invalid', `the CRL at ${uri} is not signed by ${issuer.subject}`);
  }
  const now = options.now.getTime();
  if (crl.thisUpdate.getTime() > now + clockSkewMs) {
    throw new X509ChainError(
      'crl_stale',
      `the CRL at ${uri} is issued in the future (${crl.thisUpdate.toISOString()})`,
    );
  }
  if (!crl.nextUpdate || crl.nextUpdate.getTime() <= now) {
    throw new X509ChainError(
      'crl_stale',
      `the CRL at ${uri} is out of date (nextUpdate ${crl.nextUpdate?.toISOString() ?? 'missing'})`,
    );
  }
  const entry = crl.findRevoked(certificate.serialNumber);
  if (entry && entry.revocationDate.getTime() <= now) {
    const reason = entry.reason === undefined ? '' : `, reason ${x509.X509CrlReason[entry.reason]}`;
    throw new X509ChainError(
      'revoked',
      `${who} was revoked on ${entry.revocationDate.toISOString()}${reason}`,
    );
  }
}
