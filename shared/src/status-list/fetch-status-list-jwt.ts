import { StatusListError } from './status-list-error.js';

export interface FetchStatusListJwtOptions {
  uri: string;
  /** Largest response body accepted; default 8 MiB (a 4 MiB compressed list, base64url, in a JWT). */
  maxBytes?: number;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * Fetches a Status List Token from `status.status_list.uri` (Token Status List, "Status List
 * Request"): GET with `Accept: application/statuslist+jwt`, bounded in time and size.
 */
export async function fetchStatusListJwt(options: FetchStatusListJwtOptions): Promise<string> {
  const url = new URL(options.uri);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new StatusListError('fetch_failed', `status list uri scheme ${url.protocol} is not fetched`);
  }
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, {
      headers: { accept: 'application/statuslist+jwt' },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (cause) {
    throw new StatusListError('fetch_failed', `fetching the status list failed`, { cause });
  }
  if (!response.ok || response.body === null) {
    throw new StatusListError('fetch_failed', `the status list endpoint answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    throw new StatusListError('too_large', `the status list response exceeds ${maxBytes} bytes`);
  }

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new StatusListError('too_large', `the status list response exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}
