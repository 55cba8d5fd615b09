import { BodyTooLarge, readCappedBody } from '../net/read-capped-body.js';
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
  try {
    return (await readCappedBody(response, maxBytes)).toString('utf8').trim();
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      throw new StatusListError('too_large', `the status list response exceeds ${maxBytes} bytes`);
    }
    throw new StatusListError('fetch_failed', 'reading the status list failed', { cause: error });
  }
}
