/**
 * did:web identifiers for the consumers (W3C did:web §3.1: host with its port percent-encoded,
 * path segments joined with ':'); the document is served at `{path}/did.json`.
 */
export function didWebFor(url: string): string {
  const parsed = new URL(url);
  const segments = parsed.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(encodeURIComponent);
  return ['did:web', encodeURIComponent(parsed.host), ...segments].join(':');
}

/** OpenID4VP 1.0 §5.9.3: the `decentralized_identifier:` client identifier prefix. */
export const DID_CLIENT_ID_PREFIX = 'decentralized_identifier:';

export function consumerUrl(baseUrl: string, consumerId: string): string {
  return `${baseUrl}/consumers/${consumerId}`;
}
