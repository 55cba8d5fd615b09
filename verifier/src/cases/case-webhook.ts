import type { EntityManager } from 'typeorm';
import type { VerifierContext } from '../context.js';
import { enqueueWebhook } from '../webhook/deliver-webhook.js';
import type { CaseRow } from './case-entities.js';
import { describeCase } from './describe-case.js';

/**
 * Queues a webhook about a case for the consumer's system (the opening request's
 * callback_url, header `X-Case-Id`) inside the caller's transaction, so it is sent exactly when
 * the change it reports is committed. Nothing when the request named no callback.
 */
export async function enqueueCaseWebhook(
  ctx: VerifierContext,
  row: CaseRow,
  event: 'case.stopped' | 'case.undeliverable',
  tx: EntityManager,
): Promise<void> {
  const request = await ctx.store.findRequest(row.presentationRequestId, tx);
  if (!request?.callbackUrl) return;
  await enqueueWebhook(
    ctx,
    {
      consumerId: row.consumerId,
      url: request.callbackUrl,
      urlSource: 'consumer',
      event,
      headers: { 'x-webhook-event': event, 'x-case-id': row.id },
      orderingKey: `case:${row.id}`,
      body: JSON.stringify({ event, case: describeCase(row) }),
    },
    tx,
  );
}
