import { createHmac } from 'node:crypto';
import { describeApproval } from '../approval/describe-approval.js';
import type { VerifierContext } from '../context.js';
import { describePresentationRequest } from '../presentation-request/describe-presentation-request.js';

/**
 * POSTs the result to the consumer's `callback_url`, retrying with doubling delays a bounded
 * number of times. Never awaited on the wallet's request path; the consumer can always fall
 * back to `GET /api/presentation-requests/{id}`.
 */
export function deliverWebhook(ctx: VerifierContext, id: string): void {
  const run = (async () => {
    const row = await ctx.store.findRequest(id);
    if (!row?.callbackUrl) return;
    const approval = await ctx.approvals.findApproval(id);
    const body = JSON.stringify({
      ...describePresentationRequest(row, ctx.now()),
      ...(approval ? { approval: describeApproval(ctx.baseUrl, approval) } : {}),
    });
    // The consumer checks the body came from us: HMAC-SHA256 keyed with its own API key.
    const apiKey = ctx.consumers.get(row.consumerId)?.apiKey ?? '';
    const signature = `sha256=${createHmac('sha256', apiKey).update(body).digest('hex')}`;
    let delay = ctx.settings.webhookRetryDelayMs;
    for (let attempt = 1; attempt <= ctx.settings.webhookAttempts; attempt++) {
      try {
        const response = await fetch(row.callbackUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-presentation-request-id': row.id,
            'x-signature-sha256': signature,
          },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(ctx.settings.webhookTimeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) {
          ctx.logger.info({ request: row.id, attempt }, 'webhook delivered');
          return;
        }
        ctx.logger.warn({ request: row.id, attempt, status: response.status }, 'webhook refused');
      } catch (err) {
        ctx.logger.warn(
          { request: row.id, attempt, err: err instanceof Error ? err.message : String(err) },
          'webhook failed',
        );
      }
      if (attempt < ctx.settings.webhookAttempts) {
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        delay *= 2;
      }
    }
    ctx.logger.error({ request: row.id }, 'webhook gave up');
  })().catch((err) => {
    ctx.logger.error(
      { request: id, err: err instanceof Error ? err.message : String(err) },
      'webhook crashed',
    );
  });
  ctx.pendingWebhooks.add(run);
  void run.finally(() => ctx.pendingWebhooks.delete(run));
}
