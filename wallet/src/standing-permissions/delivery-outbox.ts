import { createOutboxWorker, type OutboxWorker } from '@min-profil/shared/outbox/create-outbox-worker';
import type { OutboxMetrics, OutboxStore } from '@min-profil/shared/outbox/outbox-port';
import type { DataSource } from 'typeorm';
import type { WalletContext, WalletSettings } from '../context.js';
import type { ProfileDeliveryRow } from '../persistence/permission-entities.js';
import { onDeliveriesEnqueued } from './delivery-signal.js';
import { processDelivery, type DeliveryDetail } from './process-delivery.js';
import { settleDelivery, type DeliverySettlement } from './settle-delivery.js';

/**
 * Delivers the standing-permission outbox with the shared outbox worker (shared/src/outbox):
 * leased claims, so two wallet instances on one database send each row once and a crashed
 * one's rows are taken over; the rows of one permission one at a time, in order (a withdrawal
 * never overtakes the update before it); retries without limit, backing off from
 * `deliveryRetryBaseSeconds` to `deliveryRetryCapSeconds` with jitter, or as the consumer's
 * Retry-After asks (up to the cap). Woken after each commit that queued rows, and by a poll.
 * `context` is read when the worker runs: the worker is itself part of the context.
 */
export function createDeliveryOutbox(
  context: () => WalletContext,
  parts: { settings: WalletSettings; clock: () => number; dataSource: DataSource; metrics?: OutboxMetrics },
): OutboxWorker {
  const ctx = context;
  const { settings } = parts;
  const store: OutboxStore<ProfileDeliveryRow, DeliveryDetail> = {
    claimDue: (options) => ctx().permissions.outbox.claimDue(options),
    markDelivered: (claim, done) =>
      settleDelivery(
        ctx(),
        claim,
        done.detail!.permission,
        finalSettlement(done.detail, 'delivered'),
        done.detail!.profileVersion,
      ),
    markRefused: (claim, done) =>
      settleDelivery(
        ctx(),
        claim,
        done.detail?.permission ?? null,
        finalSettlement(done.detail, done.reason),
      ),
    markRetry: (claim, retry) =>
      settleDelivery(ctx(), claim, retry.detail?.permission ?? null, {
        action: 'retry',
        error: retry.error,
        nextAttemptAt: retry.nextAttemptAt,
      }),
    release: (claim) => ctx().permissions.outbox.release(claim),
    nextDueAt: () => ctx().permissions.outbox.nextDueAt(),
    countPending: () => ctx().permissions.outbox.countPending(),
  };
  const worker = createOutboxWorker<ProfileDeliveryRow, DeliveryDetail>({
    name: 'standing_delivery',
    store,
    attempt: (claim, signal) => processDelivery(ctx(), claim.row, signal),
    clock: parts.clock,
    leaseMs: settings.deliveryLeaseSeconds * 1000,
    pollMs: settings.deliveryPollSeconds * 1000,
    backoff: {
      baseMs: settings.deliveryRetryBaseSeconds * 1000,
      capMs: settings.deliveryRetryCapSeconds * 1000,
    },
    metrics: parts.metrics,
    service: 'wallet',
    onError: (err, claim) =>
      ctx().logger.warn(
        { ...(claim ? { delivery: claim.id } : {}), err: (err as Error).message },
        'delivery step failed',
      ),
  });
  let unsubscribe: (() => void) | undefined;
  return {
    ...worker,
    start() {
      worker.start();
      unsubscribe ??= onDeliveriesEnqueued(parts.dataSource, () => worker.kick());
    },
    async stop() {
      unsubscribe?.();
      await worker.stop();
    },
  };
}

/** The settlement of a final outcome: the verdict it came with, or refused with `reason`. */
function finalSettlement(detail: DeliveryDetail | undefined, reason: string): DeliverySettlement {
  const verdict = detail?.verdict;
  if (verdict && verdict.action !== 'retry' && verdict.action !== 'refetch_nonce') return verdict;
  return { action: 'rejected', error: reason };
}
