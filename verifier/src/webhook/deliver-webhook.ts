import { createHmac } from 'node:crypto';
import { checkCallbackTarget } from './check-callback-target.js';
import { describeApproval } from '../approval/describe-approval.js';
import type { VerifierContext } from '../context.js';
import { describePresentationRequest } from '../presentation-request/describe-presentation-request.js';
import { findPermissionSummary } from '../standing-permissions/describe-standing-permission.js';

/**
 * POSTs the result to the consumer's `callback_url`, retrying with doubling delays a bounded
 * number of times. Never awaited on the wallet's request path; the consumer can always fall
 * back to `GET /api/presentation-requests/{id}`.
 */
export function deliverWebhook(ctx: VerifierContext, id: string): void {
  trackWebhook(
    ctx,
    (async () => {
      const row = await ctx.store.findRequest(id);
      if (!row?.callbackUrl) return;
      const approval = await ctx.approvals.findApproval(id);
      const standingPermission = await findPermissionSummary(ctx, row);
      const body = JSON.stringify({
        ...describePresentationRequest(row, ctx.now(), standingPermission),
        ...(approval ? { approval: describeApproval(ctx.baseUrl, approval) } : {}),
      });
      await postWebhook(ctx, {
        url: row.callbackUrl,
        consumerId: row.consumerId,
        body,
        headers: { 'x-presentation-request-id': row.id },
        logFields: { request: row.id },
        consumerProvided: true,
      });
    })(),
    { request: id },
  );
}

/** Runs a delivery in the background, logging a crash; tests await `ctx.pendingWebhooks`. */
export function trackWebhook(
  ctx: VerifierContext,
  delivery: Promise<void>,
  logFields: Record<string, string>,
): void {
  const run = delivery.catch((err: unknown) => {
    ctx.logger.error(
      { ...logFields, err: err instanceof Error ? err.message : String(err) },
      'webhook crashed',
    );
  });
  ctx.pendingWebhooks.add(run);
  void run.finally(() => ctx.pendingWebhooks.delete(run));
}

/**
 * One webhook body to one URL, signed with the consumer's API key (`X-Signature-SHA256:
 * sha256=<hex HMAC-SHA256 of the body>`), with bounded retries and doubling delays.
 */
export async function postWebhook(
  ctx: VerifierContext,
  delivery: {
    url: string;
    consumerId: string;
    body: string;
    headers: Record<string, string>;
    /** Identifiers only: never claim values. */
    logFields: Record<string, string>;
    /** A URL the consumer gave (callback_url), not the operator: checked against SSRF. */
    consumerProvided?: boolean;
  },
): Promise<void> {
  const { logFields } = delivery;
  // The consumer checks the body came from us: HMAC-SHA256 keyed with its own API key.
  const apiKey = ctx.consumers.get(delivery.consumerId)?.apiKey ?? '';
  const signature = `sha256=${createHmac('sha256', apiKey).update(delivery.body).digest('hex')}`;
  let delay = ctx.settings.webhookRetryDelayMs;
  for (let attempt = 1; attempt <= ctx.settings.webhookAttempts; attempt++) {
    try {
      if (delivery.consumerProvided) await checkCallbackTarget(ctx, delivery.url);
    } catch {
      ctx.logger.warn(logFields, 'webhook not sent: callback_url points to an internal address');
      return;
    }
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...delivery.headers,
          'x-signature-sha256': signature,
        },
        body: delivery.body,
        redirect: 'error',
        signal: AbortSignal.timeout(ctx.settings.webhookTimeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) {
        ctx.logger.info({ ...logFields, attempt }, 'webhook delivered');
        return;
      }
      ctx.logger.warn({ ...logFields, attempt, status: response.status }, 'webhook refused');
    } catch (err) {
      ctx.logger.warn(
        { ...logFields, attempt, err: err instanceof Error ? err.message : String(err) },
        'webhook failed',
      );
    }
    if (attempt < ctx.settings.webhookAttempts) {
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      delay *= 2;
    }
  }
  ctx.logger.error(logFields, 'webhook gave up');
}
