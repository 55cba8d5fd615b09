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

export function findConsumer(list: TrustList, clientId: string): TrustedConsumer | undefined {
  return list.consumers.find((c) => c.client_id === clientId);
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
