import type { WalletContext } from '../context.js';
import { onDeliveriesEnqueued } from './delivery-signal.js';
import { nextAttemptAt } from './next-attempt-at.js';
import { processDelivery } from './process-delivery.js';

/** Rows claimed per pass; sent in parallel so one slow consumer does not hold up the rest. */
const batchSize = 20;

/**
 * Delivers the standing-permission outbox. Everything it needs is in the database, so it simply
 * picks up after a restart; with two wallet instances on one database each row is claimed by one
 * (a conditional UPDATE of `lease_until`, see `claimDelivery`).
 */
export interface DeliveryWorker {
  /** Polls every `deliveryPollSeconds` and whenever deliveries are enqueued. */
  start(): void;
  /** Runs a pass soon (coalesced with one already running). */
  kick(): void;
  /** Runs passes until nothing is due; resolves with the number of rows handled. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the pass in flight. */
  stop(): Promise<void>;
}

/** `context` is read when the worker starts: the worker is itself part of the context. */
export function createDeliveryWorker(context: () => WalletContext): DeliveryWorker {
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let unsubscribe: (() => void) | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  async function pass(): Promise<number> {
    const ctx = context();
    const now = ctx.now();
    const ids = await ctx.permissions.listDueDeliveryIds(now, batchSize);
    const claimed = [];
    for (const id of ids) {
      const row = await ctx.permissions.claimDelivery(id, now, now + ctx.settings.deliveryLeaseSeconds);
      if (row) claimed.push(row);
    }
    await Promise.all(
      claimed.map((row) =>
        processDelivery(ctx, row).catch(async (error: unknown) => {
          ctx.logger.warn({ delivery: row.id, err: (error as Error).message }, 'delivery step failed');
          // Counted and backed off like a failure to reach the consumer (nextAttemptAt waits at
          // least 1 s), so a step that keeps failing never spins.
          const attempts = row.attempts + 1;
          await ctx.permissions
            .settleDelivery(
              row.id,
              {
                status: 'pending',
                attempts,
                lastError: 'wallet: delivery step failed',
                nextAttemptAt: nextAttemptAt({
                  now: ctx.now(),
                  attempts,
                  baseSeconds: ctx.settings.deliveryRetryBaseSeconds,
                  capSeconds: ctx.settings.deliveryRetryCapSeconds,
                }),
              },
              row.leaseUntil,
            )
            .catch(() => undefined); // the database itself failing: the lease runs out instead
        }),
      ),
    );
    return claimed.length;
  }

  async function loop(): Promise<number> {
    let total = 0;
    do {
      again = false;
      const handled = await pass();
      total += handled;
      if (handled === batchSize) again = true;
    } while (again && !stopped);
    return total;
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = loop()
      .catch((error: unknown) => {
        if (!stopped) context().logger.warn({ err: (error as Error).message }, 'delivery pass failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      const ctx = context();
      // 0 turns polling off: deliveries then go out only when enqueued (and at start).
      if (ctx.settings.deliveryPollSeconds > 0) {
        timer = setInterval(() => void runOnce(), ctx.settings.deliveryPollSeconds * 1000);
        timer.unref();
      }
      unsubscribe = onDeliveriesEnqueued(ctx.db.dataSource, () => {
        if (!stopped) void runOnce();
      });
      void runOnce();
    },
    kick() {
      if (started && !stopped) void runOnce();
    },
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe?.();
      await running;
    },
  };
}
