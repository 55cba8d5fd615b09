import type { VerifierContext } from '../context.js';
import type { WebhookRow } from '../persistence/webhook-entities.js';
import { postWebhook } from './deliver-webhook.js';

/** Rows claimed per pass; sent in parallel so one slow consumer does not hold up the rest. */
const batchSize = 20;

/**
 * Delivers the webhook outbox. Everything it needs is in the database, so it picks up after a
 * restart; with two verifier instances on one database each row is claimed by one of them (a
 * conditional UPDATE of `lease_until`, see `claimWebhook`). At least once: a crash after the
 * POST and before the row is settled sends it again.
 */
export interface WebhookWorker {
  /** Polls every `webhookPollMs` (0: only when kicked) and runs a first pass now. */
  start(): void;
  /** Runs a pass soon (coalesced with one already running): after a webhook row commits. */
  kick(): void;
  /** Resolves once no row is pending in the outbox (tests; whichever instance holds them). */
  idle(): Promise<void>;
  /** Stops polling, cuts the POSTs in flight short (they stay pending) and waits for the pass. */
  stop(): Promise<void>;
}

/** `context` is read when the worker runs: the worker is itself part of the context. */
export function createWebhookWorker(context: () => VerifierContext): WebhookWorker {
  let poll: NodeJS.Timeout | undefined;
  const wakes = new Set<NodeJS.Timeout>();
  const stopping = new AbortController();
  let started = false;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  async function pass(): Promise<number> {
    const ctx = context();
    const nowMs = Date.now();
    // Longer than one attempt can take (the POST is cut at webhookTimeoutMs), so a live
    // worker keeps its rows; a crashed one's rows are free again after it.
    const leaseUntil = nowMs + 2 * ctx.settings.webhookTimeoutMs + 1000;
    const claimed: WebhookRow[] = [];
    for (const id of await ctx.outbox.listDueWebhookIds(nowMs, batchSize)) {
      const row = await ctx.outbox.claimWebhook(id, nowMs, leaseUntil);
      if (row) claimed.push(row);
    }
    await Promise.all(claimed.map((row) => attempt(ctx, row)));
    return claimed.length;
  }

  async function attempt(ctx: VerifierContext, row: WebhookRow): Promise<void> {
    const lease = row.leaseUntil!;
    const fields = { ...logFields(row), attempt: row.attempts + 1 };
    try {
      const outcome = await postWebhook(ctx, row, stopping.signal);
      if (stopping.signal.aborted && outcome.result === 'retry') {
        // Shutting down: not the consumer's fault, so not counted; free for the next instance.
        await ctx.outbox.settleWebhook(row.id, lease, {
          status: 'pending',
          attempts: row.attempts,
          nextAttemptAt: Date.now(),
          lastError: row.lastError,
        });
        return;
      }
      const attempts = row.attempts + 1;
      let settled: boolean;
      if (outcome.result === 'delivered') {
        settled = await ctx.outbox.settleWebhook(row.id, lease, {
          status: 'delivered',
          attempts,
          lastError: null,
          deliveredAt: ctx.now(),
        });
        ctx.logger.info(fields, 'webhook delivered');
      } else if (outcome.result === 'refused') {
        settled = await ctx.outbox.settleWebhook(row.id, lease, {
          status: 'failed',
          attempts,
          lastError: outcome.error,
        });
        ctx.logger.warn(fields, 'webhook not sent: callback_url points to an internal address');
      } else if (attempts >= ctx.settings.webhookAttempts) {
        settled = await ctx.outbox.settleWebhook(row.id, lease, {
          status: 'failed',
          attempts,
          lastError: outcome.error,
        });
        ctx.logger.warn({ ...fields, error: outcome.error }, 'webhook failed');
        ctx.logger.error(logFields(row), 'webhook gave up');
      } else {
        // Doubling from webhookRetryDelayMs: 1 s, 2 s, 4 s, … by default.
        const delay = ctx.settings.webhookRetryDelayMs * 2 ** (attempts - 1);
        settled = await ctx.outbox.settleWebhook(row.id, lease, {
          status: 'pending',
          attempts,
          nextAttemptAt: Date.now() + delay,
          lastError: outcome.error,
        });
        ctx.logger.warn({ ...fields, error: outcome.error }, 'webhook failed');
        wakeIn(delay);
      }
      // The lease ran out mid-attempt and another instance took the row: it sends again.
      if (!settled) ctx.logger.warn(fields, 'webhook lease lost');
    } catch (err) {
      // The database failing: the lease runs out and the row is tried again. Class only.
      ctx.logger.warn({ ...fields, err: (err as Error).name }, 'webhook step failed');
    }
  }

  function wakeIn(ms: number): void {
    if (stopped) return;
    const timer = setTimeout(() => {
      wakes.delete(timer);
      void runOnce();
    }, ms);
    timer.unref();
    wakes.add(timer);
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      if ((await pass()) === batchSize) again = true;
    } while (again && !stopped);
  }

  function runOnce(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = loop()
      .catch((err: unknown) => {
        if (!stopped) context().logger.warn({ err: (err as Error).name }, 'webhook pass failed');
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
      const pollMs = context().settings.webhookPollMs;
      if (pollMs > 0) {
        poll = setInterval(() => void runOnce(), pollMs);
        poll.unref();
      }
      void runOnce();
    },
    kick() {
      if (started) void runOnce();
    },
    async idle() {
      while (!stopped) {
        await runOnce();
        const next = await context().outbox.nextPendingAt();
        if (next === null) return;
        // Due later (a retry) or held by another instance: look again shortly.
        const wait = Math.min(Math.max(next - Date.now(), 10), 250);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    },
    async stop() {
      stopped = true;
      clearInterval(poll);
      for (const timer of wakes) clearTimeout(timer);
      wakes.clear();
      stopping.abort();
      await running;
    },
  };
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
