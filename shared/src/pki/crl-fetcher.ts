import { readCappedBody } from '../net/read-capped-body.js';

/** Gets the DER bytes of the CRL at a URI; throws when it cannot. */
export type CrlFetcher = (uri: string) => Promise<Uint8Array>;

/** A CRL of a small CA is a few kB; this bounds what a hostile endpoint can make us read. */
const maxCrlBytes = 1024 * 1024;

/**
 * Fetches CRLs over HTTP(S). Services pass their outbound fetch (docs/outbound-requests.md), so
 * the CRL location is held to the same address policy and timeouts as every other request.
 */
export function httpCrlFetcher(fetchFn: typeof globalThis.fetch = globalThis.fetch): CrlFetcher {
  return async (uri) => {
    const response = await fetchFn(uri, { headers: { accept: 'application/pkix-crl' } });
    if (!response.ok) throw new Error(`GET ${uri} answered ${response.status}`);
    return new Uint8Array(await readCappedBody(response, maxCrlBytes));
  };
}

/**
 * Keeps each fetched CRL for `maxAgeMs` (default 5 minutes), so validating many chains costs one
 * fetch per CA and period; a revocation is seen by relying parties within that time. Failures are
 * not kept: the next validation tries again.
 */
export function cachingCrlFetcher(
  inner: CrlFetcher,
  options: { maxAgeMs?: number; now?: () => number } = {},
): CrlFetcher {
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { expires: number; der: Promise<Uint8Array> }>();
  return (uri) => {
    const hit = cache.get(uri);
    if (hit && hit.expires > now()) return hit.der;
    const der = inner(uri);
    cache.set(uri, { expires: now() + maxAgeMs, der });
    der.catch(() => {
      if (cache.get(uri)?.der === der) cache.delete(uri);
    });
    return der;
  };
}

const perFetch = new WeakMap<typeof globalThis.fetch, CrlFetcher>();

/**
 * One caching CRL fetcher per outbound fetch function: relying parties that only hold their
 * service's fetch (verification steps, key resolvers) share one cache instead of fetching the
 * CRL for every chain they validate.
 */
export function crlFetcherFor(fetchFn: typeof globalThis.fetch = globalThis.fetch): CrlFetcher {
  let fetcher = perFetch.get(fetchFn);
  if (!fetcher) {
    fetcher = cachingCrlFetcher(httpCrlFetcher(fetchFn));
    perFetch.set(fetchFn, fetcher);
  }
  return fetcher;
}
