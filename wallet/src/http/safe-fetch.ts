import { OAuthError } from '@min-profil/shared/errors';
import { createOutboundFetch, FetchFailure } from '@min-profil/shared/net/outbound-fetch';
import type { ResolveHost } from '@min-profil/shared/net/outbound-policy';
import { defaultAllowInternal } from '@min-profil/shared/net/outbound-config';

export type SafeFetch = typeof fetch;

/** Loopback and link-local names the wallet never fetches unless insecure URLs are allowed. */
const loopbackHost = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|169\.254\.\d+\.\d+)$/i;

/**
 * Checks a URL the wallet is about to fetch: https only, and not loopback; with
 * `allowInsecureUrls` (local demo, tests) http and loopback are admitted too.
 */
export function assertFetchableUrl(value: string | URL, allowInsecureUrls: boolean, what = 'URL'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OAuthError('invalid_request', `the ${what} is not a valid URL`);
  }
  if (url.username || url.password)
    throw new OAuthError('invalid_request', `the ${what} carries credentials`);
  if (allowInsecureUrls) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new OAuthError('invalid_request', `the ${what} must be an http(s) URL`);
    }
    return url;
  }
  if (url.protocol !== 'https:') throw new OAuthError('invalid_request', `the ${what} must be an https URL`);
  if (loopbackHost.test(url.hostname)) {
    throw new OAuthError('invalid_request', `the ${what} points at this machine`);
  }
  return url;
}

export { FetchFailure };

/**
 * `fetch` for everything the wallet fetches from others: the shared outbound policy (https
 * only, no internal addresses, every connected address checked), no redirects followed, a
 * time limit and a size limit on the body (read into memory, then handed on).
 */
export function createSafeFetch(options: {
  allowInsecureUrls: boolean;
  timeoutMs: number;
  maxBytes: number;
  /** The system's own services, admitted on any address (`OUTBOUND_ALLOWED_ORIGINS`). */
  allowedOrigins?: readonly string[];
  /** Any internal address; default: as `allowInsecureUrls` when no origins are listed. */
  allowInternal?: boolean;
  /** DNS for the policy (tests pass a fixed or changing answer). */
  resolveHost?: ResolveHost;
}): SafeFetch {
  return createOutboundFetch({
    allowHttp: options.allowInsecureUrls,
    allowInternal: defaultAllowInternal(options, options.allowInsecureUrls),
    allowedOrigins: options.allowedOrigins,
    resolve: options.resolveHost,
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
    maxRedirects: 0,
  });
}
