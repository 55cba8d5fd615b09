import type { DIDResolutionResult, DIDResolver } from 'did-resolver';

/**
 * The URL of a did:web document (W3C did:web §3.2 "Read (Resolve)"): the method-specific id's
 * first segment is the host (a port percent-encoded), further segments a path; without a
 * path the document is under `/.well-known/`. Always https, as the method requires.
 */
export function didWebDocumentUrl(did: string): URL {
  const [, , ...segments] = did.split(':');
  if (segments.length === 0 || segments.some((s) => s === '')) throw new Error('not a did:web identifier');
  const [host, ...path] = segments.map(decodeURIComponent);
  if (/[/?#@\\]/.test(host!) || path.some((p) => /[/?#\\]/.test(p) || p === '..' || p === '.')) {
    throw new Error('the did:web identifier has characters a host or path segment cannot hold');
  }
  const url = new URL(`https://${host}`);
  url.pathname = path.length
    ? `/${path.map(encodeURIComponent).join('/')}/did.json`
    : '/.well-known/did.json';
  return url;
}

/**
 * A did:web resolver that fetches through the service's outbound fetch, so a DID names no
 * address the service's policy would refuse (web-did-resolver uses its own fetch, which no
 * policy governs).
 */
export function getWebDidResolver(fetch: typeof globalThis.fetch | undefined): Record<string, DIDResolver> {
  const fail = (error: string, message: string): DIDResolutionResult => ({
    didResolutionMetadata: { error, message },
    didDocument: null,
    didDocumentMetadata: {},
  });
  return {
    web: async (did) => {
      if (!fetch) return fail('notFound', 'did:web is not resolved by this component');
      let url: URL;
      try {
        url = didWebDocumentUrl(did);
      } catch (error) {
        return fail('invalidDid', (error as Error).message);
      }
      try {
        const response = await fetch(url, { headers: { accept: 'application/did+json, application/json' } });
        if (!response.ok) return fail('notFound', `the DID document answered HTTP ${response.status}`);
        const document = (await response.json()) as { id?: unknown };
        if (document?.id !== did) return fail('notFound', 'the DID document is for another DID');
        return {
          didDocument: document as DIDResolutionResult['didDocument'],
          didDocumentMetadata: {},
          didResolutionMetadata: { contentType: 'application/did+json' },
        };
      } catch (error) {
        return fail('notFound', `the DID document could not be fetched: ${(error as Error).message}`);
      }
    },
  };
}
