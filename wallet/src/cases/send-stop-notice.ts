import type { OutboxOutcome } from '@min-profil/shared/outbox/outbox-port';
import { parseRetryAfter } from '@min-profil/shared/outbox/parse-retry-after';
import type { WalletContext } from '../context.js';
import { FetchFailure } from '../http/safe-fetch.js';
import type { CaseStopNoticeRow } from './stop-notice-entities.js';

/**
 * One attempt at telling the consumer that the person stopped a case (docs/cases.md
 * "Stopping"): `POST {stop_endpoint}` with the case id. 2xx is delivered (whatever the case's
 * status was there); 408, 429 and 5xx or no answer are retried (429/503 when its Retry-After
 * says); any other 4xx — `404 unknown_case` — is final: the consumer has no such case to stop.
 */
export async function sendStopNotice(
  ctx: WalletContext,
  row: CaseStopNoticeRow,
  signal: AbortSignal,
): Promise<OutboxOutcome> {
  let response: Response;
  try {
    response = await ctx.fetch(row.stopEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ case_id: row.caseId }),
      redirect: 'error',
      signal: AbortSignal.any([signal, AbortSignal.timeout(ctx.settings.fetchTimeoutMs)]),
    });
  } catch (error) {
    // A reason code only: a message could carry the URL.
    if (error instanceof FetchFailure && error.reason === 'url')
      return { result: 'refused', reason: 'internal_address' };
    return { result: 'retry', error: error instanceof FetchFailure ? error.reason : 'network' };
  }
  await response.body?.cancel();
  const { status } = response;
  if (status >= 200 && status < 300) return { result: 'delivered' };
  if (status >= 400 && status < 500 && status !== 408 && status !== 429)
    return { result: 'refused', reason: `http_${status}` };
  const retryAt = parseRetryAfter(response.headers.get('retry-after'), ctx.clock());
  return { result: 'retry', error: `http_${status}`, ...(retryAt ? { retryAt } : {}) };
}
