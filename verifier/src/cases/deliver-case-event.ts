import { FetchFailure } from '@min-profil/shared/net/outbound-fetch';
import type { OutboxOutcome } from '@min-profil/shared/outbox/outbox-port';
import { parseRetryAfter } from '@min-profil/shared/outbox/parse-retry-after';
import type { VerifierContext } from '../context.js';
import type { CaseEventRow } from './case-entities.js';
import { signCaseEvent } from './case-event-jws.js';

/**
 * One attempt at delivering one case event to the wallet's case inbox (docs/cases.md
 * "Delivery"): signed now with the consumer's key, POSTed with the decision's document beside
 * it. 200 is delivered (also a duplicate); 410 means the person stopped the case, which is
 * recorded, and the event is refused for good, as is any other 4xx but 429 and 409 (out of
 * order: an earlier delivery may still be on its way) unless it says `case_closed`; the rest is
 * retried. A final refusal ends the case's deliveries (refuse-case-event.ts).
 */
export async function deliverCaseEvent(
  ctx: VerifierContext,
  row: CaseEventRow,
  signal: AbortSignal,
): Promise<OutboxOutcome> {
  const caseRow = await ctx.cases.findCase(row.caseId);
  const consumer = ctx.consumers.get(row.consumerId);
  if (!caseRow?.inbox || !caseRow.walletCaseId || !consumer) return { result: 'refused', reason: 'no_inbox' };
  if (caseRow.status === 'stopped') return { result: 'refused', reason: 'case_stopped' };
  const event = await signCaseEvent(consumer.keys, row, caseRow.walletCaseId);
  try {
    const response = await ctx.fetch(caseRow.inbox, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ event, ...(row.document ? { document: row.document } : {}) }),
      redirect: 'error',
      signal: AbortSignal.any([signal, AbortSignal.timeout(ctx.settings.webhookTimeoutMs)]),
    });
    const error = response.status === 409 ? await errorCode(response) : undefined;
    if (!response.bodyUsed) await response.body?.cancel();
    if (response.ok) return { result: 'delivered' };
    // The wallet's case is closed: no event can ever be applied to it again.
    if (error === 'case_closed') return { result: 'refused', reason: 'http_409_case_closed' };
    if (response.status === 410) {
      // The person stopped the case: the consumer learns it here if the wallet's own notice was lost.
      await ctx.cases.changeStatus(caseRow.id, ['open'], 'stopped', ctx.now());
      return { result: 'refused', reason: 'case_stopped' };
    }
    if (
      response.status >= 400 &&
      response.status < 500 &&
      response.status !== 409 &&
      response.status !== 429
    ) {
      return { result: 'refused', reason: `http_${response.status}` };
    }
    const retryAt = parseRetryAfter(response.headers.get('retry-after'), ctx.clock());
    return { result: 'retry', error: `http_${response.status}`, ...(retryAt ? { retryAt } : {}) };
  } catch (err) {
    if (err instanceof FetchFailure && err.reason === 'url')
      return { result: 'refused', reason: 'internal_address' };
    const { name, cause } = (err ?? {}) as { name?: unknown; cause?: { code?: unknown } };
    const label = typeof cause?.code === 'string' ? cause.code : typeof name === 'string' ? name : 'error';
    return { result: 'retry', error: label.replace(/[^\w.-]/g, '').slice(0, 64) || 'error' };
  }
}

/** The `error` of a JSON error answer, if it has one (a 409 says which conflict). */
async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body?.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}
