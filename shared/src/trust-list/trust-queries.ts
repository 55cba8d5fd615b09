import type {
  ClaimPath,
  TrustList,
  TrustedConsumer,
  TrustedIssuer,
  X509TrustAnchorEntry,
} from './z-trust-list.js';

/** The holder whose credential issuer identifier (or DID) is `iss`. */
export function findIssuer(list: TrustList, iss: string): TrustedIssuer | undefined {
  return list.issuers.find((i) => i.credential_issuer === iss || i.did === iss);
}

/** Is `iss` authoritative for this credential type? A valid signature alone is not enough. */
export function isAuthoritativeIssuer(
  list: TrustList,
  options: { iss: string; format: 'dc+sd-jwt' | 'jwt_vc_json'; type: string },
): boolean {
  const issuer = findIssuer(list, options.iss);
  return !!issuer?.credential_types.some((t) => t.format === options.format && t.type === options.type);
}

/** The holders authoritative for a type (a wallet offers to fetch a missing credential there). */
export function issuersForType(list: TrustList, type: string): TrustedIssuer[] {
  return list.issuers.filter((i) => i.credential_types.some((t) => t.type === type));
}

/**
 * The consumer a client identifier names: by its `client_id`, or — for the X.509 prefixes
 * (OpenID4VP 1.0 §5.9.3) — by the access certificate its `x509` binding lists. Only call this with
 * an identifier whose request was verified (for X.509: chain, hash or SAN, and signature).
 */
export function findConsumer(list: TrustList, clientId: string): TrustedConsumer | undefined {
  const exact = list.consumers.find((c) => c.client_id === clientId);
  if (exact) return exact;
  if (clientId.startsWith('x509_hash:')) {
    const hash = clientId.slice('x509_hash:'.length);
    return list.consumers.find((c) => c.x509?.certificate_hashes?.includes(hash));
  }
  if (clientId.startsWith('x509_san_dns:')) {
    const name = clientId.slice('x509_san_dns:'.length).toLowerCase();
    return list.consumers.find((c) => c.x509?.dns_names?.some((d) => d.toLowerCase() === name));
  }
  return undefined;
}

function pathKey(path: ClaimPath): string {
  return JSON.stringify(path);
}

/** A requested claim path is covered when it equals a registered path or lies inside one. */
function covers(registered: ClaimPath, requested: ClaimPath): boolean {
  if (registered.length > requested.length) return false;
  return registered.every((segment, i) => segment === null || segment === requested[i]);
}

/**
 * The claims a consumer asks for beyond its registration, per credential type. Empty when
 * the request stays inside what it is registered for.
 */
export function claimsBeyondRegistration(
  consumer: TrustedConsumer | undefined,
  requested: Array<{ format: 'dc+sd-jwt' | 'jwt_vc_json'; type: string; claims: ClaimPath[] }>,
): Array<{ type: string; claims: ClaimPath[] }> {
  const beyond: Array<{ type: string; claims: ClaimPath[] }> = [];
  for (const ask of requested) {
    const registered = (consumer?.registrations ?? [])
      .flatMap((r) => r.credentials)
      .filter((c) => c.format === ask.format && c.type === ask.type)
      .flatMap((c) => c.claims);
    const extra = ask.claims.filter((path) => !registered.some((r) => covers(r, path)));
    if (extra.length > 0)
      beyond.push({ type: ask.type, claims: [...new Map(extra.map((p) => [pathKey(p), p])).values()] });
  }
  return beyond;
}

/** The CAs whose `x5c` chains count (docs/pki.md); none in a list that names none, or in version 1. */
export function x509TrustAnchors(list: TrustList): X509TrustAnchorEntry[] {
  return list.version === 2 ? (list.x509_trust_anchors ?? []) : [];
}
