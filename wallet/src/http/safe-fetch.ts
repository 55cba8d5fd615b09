import { OAuthError } from '@min-profil/shared/errors';
import { pointsInside, type ResolveHost } from '@min-profil/shared/net/outbound-address';

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

/** Thrown for a URL, timeout or size failure on an outbound request. */
export class FetchFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'url' | 'timeout' | 'too_large' | 'network',
  ) {
    super(message);
    this.name = 'FetchFailure';
  }
}

/**
 * `fetch` for everything the wallet fetches from others: URL policy, no redirects followed,
 * a time limit and a size limit on the body (read into memory, then handed on).
 */
export function createSafeFetch(options: {
  allowInsecureUrls: boolean;
  timeoutMs: number;
  maxBytes: number;
  /** DNS for the SSRF check (tests pass a fixed answer). */
  resolveHost?: ResolveHost;
}): SafeFetch {
  return async (input, init) => {
    const href = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
    let url: URL;
    try {
      url = assertFetchableUrl(href, options.allowInsecureUrls);
    } catch (error) {
      throw new FetchFailure((error as Error).message, 'url');
    }
    // SSRF: a link from someone else must not make the wallet fetch from inside its network.
    if (!options.allowInsecureUrls && (await pointsInside(url, options.resolveHost))) {
      throw new FetchFailure(
        `${url.host} is an internal address, which the wallet does not fetch from`,
        'url',
      );
    }
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: 'manual', signal });
    } catch {
      if (timeout.aborted) throw new FetchFailure(`${url.origin} did not answer in time`, 'timeout');
      throw new FetchFailure(`${url.origin} could not be reached`, 'network');
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > options.maxBytes) {
      await response.body?.cancel();
      throw new FetchFailure(`the answer from ${url.origin} is too large`, 'too_large');
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (response.body) {
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.byteLength;
          if (total > options.maxBytes) {
            await reader.cancel();
            throw new FetchFailure(`the answer from ${url.origin} is too large`, 'too_large');
          }
          chunks.push(value);
        }
      } catch (error) {
        if (error instanceof FetchFailure) throw error;
        if (timeout.aborted) throw new FetchFailure(`${url.origin} did not answer in time`, 'timeout');
        throw new FetchFailure(`${url.origin} broke off its answer`, 'network');
      }
    }
    const nullBody = [101, 204, 205, 304].includes(response.status);
    const copy = new Response(nullBody ? null : Buffer.concat(chunks), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(copy, 'url', { value: url.href });
    return copy;
  };
}
