import { createOutboxWorker, type OutboxWorker } from '@min-profil/shared/outbox/create-outbox-worker';
import type { OutboxMetrics } from '@min-profil/shared/outbox/outbox-port';
import type { VerifierContext, VerifierSettings } from '../context.js';
import type { WebhookStore } from '../persistence/webhook-store.js';
import type { WebhookRow } from '../persistence/webhook-entities.js';
import { postWebhook } from './deliver-webhook.js';

/**
 * Sends the webhook outbox with the shared outbox worker (shared/src/outbox): leased claims,
 * at least once, `webhookAttempts` tries with capped, jittered backoff, a consumer's
 * `Retry-After` honoured up to the cap, events about one standing permission in order.
 * `context` is read when the worker runs: the worker is itself part of the context.
 */
export function createWebhookOutbox(
  context: () => VerifierContext,
  parts: {
    store: WebhookStore['worker'];
    settings: VerifierSettings;
    clock: () => number;
    metrics?: OutboxMetrics;
  },
): OutboxWorker {
  const ctx = context;
  const { settings, metrics } = parts;
  return createOutboxWorker<WebhookRow>({
    name: 'webhook',
    store: parts.store,
    attempt: (claim, signal) => postWebhook(ctx(), claim.row, signal),
    clock: parts.clock,
    // Longer than one attempt can take (the POST is cut at webhookTimeoutMs), so a live
    // worker keeps its rows; a crashed one's rows are free again after it.
    leaseMs: 2 * settings.webhookTimeoutMs + 1000,
    pollMs: settings.webhookPollMs,
    backoff: { baseMs: settings.webhookRetryDelayMs, capMs: settings.webhookRetryCapMs },
    maxAttempts: settings.webhookAttempts,
    metrics,
    service: 'verifier',
    onSettled(claim, outcome, marked) {
      const fields = { ...logFields(claim.row), attempt: claim.attempts + 1 };
      const { logger } = ctx();
      // The lease ran out mid-attempt and another instance took the row: it sends again.
      if (!marked) logger.warn(fields, 'webhook lease lost');
      else if (outcome.result === 'delivered') logger.info(fields, 'webhook delivered');
      else if (outcome.result === 'refused')
        logger.warn({ ...fields, error: outcome.reason }, 'webhook not sent: refused for good');
      else if (outcome.result === 'retry') logger.warn({ ...fields, error: outcome.error }, 'webhook failed');
      else if (outcome.result === 'gave_up') {
        logger.warn({ ...fields, error: outcome.reason }, 'webhook failed');
        logger.error(logFields(claim.row), 'webhook gave up');
      }
    },
    onError(err, claim) {
      // Class only: a message could echo the URL's query or a body.
      const fields = claim ? logFields(claim.row) : {};
      ctx().logger.warn({ ...fields, err: (err as Error).name }, 'webhook step failed');
    },
  });
}

/** Identifiers only: never the URL's query, the body or a claim value. */
function logFields(row: WebhookRow): Record<string, string> {
  const request = row.headers['x-presentation-request-id'];
  const permission = row.headers['x-standing-permission-id'];
  return {
    webhook: row.id,
    event: row.event,
    consumer: row.consumerId,
    ...(request ? { request } : {}),
    ...(permission ? { standing_permission: permission } : {}),
  };
}
