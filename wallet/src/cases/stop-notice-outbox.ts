import { createOutboxWorker, type OutboxWorker } from '@min-profil/shared/outbox/create-outbox-worker';
import type { OutboxMetrics } from '@min-profil/shared/outbox/outbox-port';
import type { WalletContext, WalletSettings } from '../context.js';
import { sendStopNotice } from './send-stop-notice.js';
import type { CaseStopNoticeRow } from './stop-notice-entities.js';
import type { StopNoticeStore } from './stop-notice-store.js';

/**
 * Sends the stop notices (docs/cases.md "Stopping") with the shared outbox worker, as the
 * standing-permission withdrawals are sent: leased claims, at least once, retried without a
 * limit with the delivery settings' backoff (`WALLET_DELIVERY_*`), surviving restarts. Kicked
 * after each stop; `context` is read when the worker runs.
 */
export function createStopNoticeOutbox(
  context: () => WalletContext,
  parts: {
    store: StopNoticeStore['worker'];
    settings: WalletSettings;
    clock: () => number;
    metrics?: OutboxMetrics;
  },
): OutboxWorker {
  const { settings } = parts;
  return createOutboxWorker<CaseStopNoticeRow>({
    name: 'case_stop_notice',
    store: parts.store,
    attempt: (claim, signal) => sendStopNotice(context(), claim.row, signal),
    clock: parts.clock,
    leaseMs: settings.deliveryLeaseSeconds * 1000,
    pollMs: settings.deliveryPollSeconds * 1000,
    backoff: {
      baseMs: settings.deliveryRetryBaseSeconds * 1000,
      capMs: settings.deliveryRetryCapSeconds * 1000,
    },
    metrics: parts.metrics,
    service: 'wallet',
    onSettled(claim, outcome, marked) {
      const fields = { notice: claim.id, attempt: claim.attempts + 1 };
      const { logger } = context();
      if (!marked) logger.warn(fields, 'case stop notice lease lost');
      else if (outcome.result === 'delivered') logger.info(fields, 'case stop notice delivered');
      else if (outcome.result === 'refused')
        logger.warn({ ...fields, error: outcome.reason }, 'case stop notice refused');
      else if (outcome.result === 'retry')
        logger.warn({ ...fields, error: outcome.error }, 'case stop notice not delivered yet');
    },
    onError: (err, claim) =>
      context().logger.warn(
        { ...(claim ? { notice: claim.id } : {}), err: (err as Error).name },
        'case stop notice step failed',
      ),
  });
}
