import { x509 } from './x509-provider.js';

/** The hosts a leaf certificate's SAN carries: each dNSName and iPAddress, and the host of each URI. */
export function sanHosts(certificate: x509.X509Certificate): string[] {
  const san = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  if (!san) return [];
  return san.names.items.flatMap((name) => {
    if (name.type === 'dns' || name.type === 'ip') return [name.value.toLowerCase()];
    if (name.type === 'url') {
      try {
        return [new URL(name.value).hostname.toLowerCase()];
      } catch {
        return [];
      }
    }
    return [];
  });
}

/**
 * Does the certificate name this host (HAIP: the SAN matches the `iss` host or the client
 * identifier's host)? Exact match, no wildcards: the demo CA never issues them, and a real
 * deployment's leaf for one service names that service.
 */
export function sanNamesHost(certificate: x509.X509Certificate, host: string): boolean {
  return sanHosts(certificate).includes(host.toLowerCase());
}
