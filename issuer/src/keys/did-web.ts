/**
 * did:web identifiers for the holders (W3C did:web method §3.1: the host with its port
 * percent-encoded, path segments joined with ':'). The document is served at `{path}/did.json`.
 */
export function didWebFor(issuerUrl: string): string {
  const url = new URL(issuerUrl);
  const host = encodeURIComponent(url.host);
  const segments = url.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(encodeURIComponent);
  return ['did:web', host, ...segments].join(':');
}

/** The alias Veramo's did:web provider expects: the DID without its `did:web:` prefix. */
export function didWebAlias(issuerUrl: string): string {
  return didWebFor(issuerUrl).slice('did:web:'.length);
}
