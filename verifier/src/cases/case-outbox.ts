import { createOutboxWorker, type OutboxWorker } from '@min-profil/shared/outbox/create-outbox-worker';
import type { OutboxMetrics } from '@min-profil/shared/outbox/outbox-port';
import type { VerifierContext, VerifierSettings } from '../context.js';
import type { CaseEventRow } from './case-entities.js';
import type { CaseStore } from './case-store.js';
import { deliverCaseEvent } from './deliver-case-event.js';
import { refuseCaseEvent } from './refuse-case-event.js';

/**
 * Sends case events to the wallets' case inboxes with the shared outbox worker: leased claims,
 * at least once, retried with capped jittered backoff and without a limit on attempts (an
 * event must not be skipped, or every later one of its case would be out of order), one case
 * at a time in `seq` order; an event the wallet refuses for good ends the case's deliveries
 * (refuse-case-event.ts). `context` is read when the worker runs.
 */
export function createCaseOutbox(
  context: () => VerifierContext,
  parts: {
    store: CaseStore['worker'];
    settings: VerifierSettings;
    clock: () => number;
    metrics?: OutboxMetrics;
  },
): OutboxWorker {
  const { settings, metrics } = parts;
  return createOutboxWorker<CaseEventRow>({
    name: 'case_event',
    // A final refusal settles the case's later events and the case with it.
    store: { ...parts.store, markRefused: (claim, done) => refuseCaseEvent(context(), claim, done) },
    attempt: (claim, signal) => deliverCaseEvent(context(), claim.row, signal),
    clock: parts.clock,
    leaseMs: 2 * settings.webhookTimeoutMs + 1000,
    pollMs: settings.webhookPollMs,
    backoff: { baseMs: settings.webhookRetryDelayMs, capMs: settings.webhookRetryCapMs },
    // Backlog and attempts as `outbox="case_event"` (docs/operations.md, Metrics).
    metrics,
    // Each attempt is a root trace of its own (docs/operations.md, Traces).
    service: 'verifier',
    onSettled(claim, outcome, marked) {
      const fields = {
        case: claim.row.caseId,
        event: claim.row.id,
        seq: claim.row.seq,
        attempt: claim.attempts + 1,
      };
      const { logger } = context();
      if (!marked) logger.warn(fields, 'case event lease lost');
      else if (outcome.result === 'delivered') logger.info(fields, 'case event delivered');
      else if (outcome.result === 'refused')
        logger.warn({ ...fields, error: outcome.reason }, 'case event refused');
      else if (outcome.result === 'retry')
        logger.warn({ ...fields, error: outcome.error }, 'case event failed');
    },
    onError(err, claim) {
      const fields = claim ? { case: claim.row.caseId, event: claim.row.id } : {};
      context().logger.warn({ ...fields, err: (err as Error).name }, 'case event step failed');
    },
  });
}
