import { createHmac } from 'node:crypto';
import { FetchFailure } from '@min-profil/shared/net/outbound-fetch';
import type { OutboxOutcome } from '@min-profil/shared/outbox/outbox-port';
import { parseRetryAfter } from '@min-profil/shared/outbox/parse-retry-after';
import { describeApproval } from '../approval/describe-approval.js';
import type { VerifierContext } from '../context.js';
import type { WebhookRow } from '../persistence/webhook-entities.js';
import type { NewWebhook, Transaction } from '../persistence/webhook-store.js';
import { describePresentationRequest } from '../presentation-request/describe-presentation-request.js';
import { findPermissionSummary } from '../standing-permissions/describe-standing-permission.js';

/**
 * Queues the result for the consumer's `callback_url` in the transaction `tx` that completed the
 * request (the body is read through it, so it is the result just recorded). The worker POSTs
 * it after the commit; the consumer can always fall back to `GET /api/presentation-requests/{id}`.
 */
export async function enqueuePresentationWebhook(
  ctx: VerifierContext,
  id: string,
  tx: Transaction,
): Promise<void> {
  const row = await ctx.store.findRequest(id, tx);
  if (!row?.callbackUrl) return;
  const approval = await ctx.approvals.findApproval(id, tx);
  const standingPermission = await findPermissionSummary(ctx, row, tx);
  const body = JSON.stringify({
    ...describePresentationRequest(row, ctx.now(), standingPermission),
    ...(approval ? { approval: describeApproval(ctx.baseUrl, approval) } : {}),
  });
  await enqueueWebhook(
    ctx,
    {
      consumerId: row.consumerId,
      url: row.callbackUrl,
      urlSource: 'consumer',
      event: 'presentation_result',
      headers: { 'x-presentation-request-id': row.id },
      body,
    },
    tx,
  );
}

/** One outbox row; the caller kicks `ctx.webhooks` once its transaction has committed. */
export async function enqueueWebhook(
  ctx: VerifierContext,
  webhook: NewWebhook,
  tx: Transaction,
): Promise<void> {
  await ctx.outbox.insertWebhook(webhook, { now: ctx.now(), nowMs: ctx.clock() }, tx);
}

/**
 * One attempt at one outbox row, signed with the consumer's API key (`X-Signature-SHA256:
 * sha256=<hex HMAC-SHA256 of the body>`), computed now so a rotated key signs what is sent.
 * The outcome names a status code or an error class only, never the body. A 429 or 503 may say
 * when to come back (`Retry-After`); the worker honours it up to its cap. Never sent (refused,
 * final): the consumer's URL now resolves inside the operator's network.
 */
export async function postWebhook(
  ctx: VerifierContext,
  row: WebhookRow,
  signal: AbortSignal,
): Promise<OutboxOutcome> {
  const body = row.body ?? '';
  // The consumer checks the body came from us: HMAC-SHA256 keyed with its own API key.
  const apiKey = ctx.consumers.get(row.consumerId)?.apiKey ?? '';
  const signature = `sha256=${createHmac('sha256', apiKey).update(body).digest('hex')}`;
  try {
    // The webhook fetch checks the address it connects to (a name may resolve elsewhere now).
    const response = await ctx.webhookFetch(row.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...row.headers, 'x-signature-sha256': signature },
      body,
      redirect: 'error',
      signal: AbortSignal.any([signal, AbortSignal.timeout(ctx.settings.webhookTimeoutMs)]),
    });
    await response.body?.cancel();
    if (response.ok) return { result: 'delivered' };
    const retryAt = parseRetryAfter(response.headers.get('retry-after'), ctx.clock());
    return { result: 'retry', error: `http_${response.status}`, ...(retryAt ? { retryAt } : {}) };
  } catch (err) {
    if (err instanceof FetchFailure && err.reason === 'url')
      return { result: 'refused', reason: 'internal_address' };
    return { result: 'retry', error: errorClass(err) };
  }
}

/** `TimeoutError`, `ECONNREFUSED`, …: what went wrong, without any text that could echo data. */
function errorClass(err: unknown): string {
  // Duck-typed: fetch's errors may come from another realm (instanceof Error fails there).
  const { name, cause } = (err ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  const code = cause?.code;
  const label = typeof code === 'string' ? code : typeof name === 'string' ? name : '';
  return label.replace(/[^\w.-]/g, '').slice(0, 64) || 'error';
}
