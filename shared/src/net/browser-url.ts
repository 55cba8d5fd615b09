/** Loopback names: the only hosts a plain-http URL may name, and only with insecure URLs allowed. */
const loopbackHost = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * Is this URL, which came from outside, safe to hand to a browser (as a link, a redirect or a
 * window to open)? Only https (no user info); plain http only on loopback and only when
 * `allowInsecureUrls` (local demo, tests). Every other scheme — `javascript:`, `data:`,
 * `file:`, custom schemes — is refused: the page would run or open it with the app's rights.
 * Returns the normalised URL, or undefined when it is refused.
 */
export function browserSafeUrl(value: unknown, options: { allowInsecureUrls: boolean }): string | undefined {
  if (typeof value !== 'string' || value.length > 4000) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && options.allowInsecureUrls && loopbackHost.test(url.hostname))
    return url.href;
  return undefined;
}

/** The scheme and host of a URL for a log line (no path or query, which may carry codes). */
export function describeUrlForLog(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  try {
    const url = new URL(value);
    return url.host ? `${url.protocol}//${url.host}` : url.protocol;
  } catch {
    return 'not a URL';
  }
}
