import type { OutboxClaim, OutboxMetrics, OutboxOutcome, OutboxStore } from './outbox-port.js';
import { retryDelayMs } from './retry-delay.js';
import { createJobTracing } from '../tracing/trace-jobs.js';

export interface OutboxWorkerOptions<Row, Detail> {
  /** Names the outbox in metrics (`webhook`, `standing_delivery`). */
  name: string;
  store: OutboxStore<Row, Detail>;
  /**
   * One attempt at one claimed row. `signal` aborts when the worker stops: the attempt should
   * end soon, and its row is then given back uncounted. A throw counts as a retry.
   */
  attempt(claim: OutboxClaim<Row>, signal: AbortSignal): Promise<OutboxOutcome<Detail>>;
  /** The service's clock, epoch ms (tests move it). */
  clock(): number;
  /** How long a claim is owned; longer than an attempt can take, or a live row is sent twice. */
  leaseMs: number;
  /** How often to look for due rows (0: only when kicked or a retry falls due). */
  pollMs: number;
  backoff: { baseMs: number; capMs: number };
  /** Attempts (the first included) after which a row is refused for good; default: no limit. */
  maxAttempts?: number;
  /** The latest a receiver's requested retry time is honoured: now + this (default backoff.capMs). */
  retryAfterCapMs?: number;
  /** Rows claimed per pass; sent in parallel (rows of one key are never in the same pass). */
  batchSize?: number;
  metrics?: OutboxMetrics;
  /** With tracing on, each attempt is a trace of its own under this service name. */
  service?: string;
  /**
   * Told each settled attempt (for the service's log): `marked` is false when the lease was
   * lost and another worker owns the row now.
   */
  onSettled?(claim: OutboxClaim<Row>, outcome: SettledOutcome<Detail>, marked: boolean): void;
  /** A pass or a step failed (the database, or the attempt threw). */
  onError(err: unknown, claim?: OutboxClaim<Row>): void;
}

/** What the worker did with an attempt's outcome: `gave_up` is a retry past `maxAttempts`. */
export type SettledOutcome<Detail> =
  OutboxOutcome<Detail> | { result: 'gave_up'; reason: string; detail?: Detail } | { result: 'released' };

export interface OutboxWorker {
  /** Polls every `pollMs` and runs a first pass now. */
  start(): void;
  /** Runs a pass soon (coalesced with one under way): after rows were committed. */
  kick(): void;
  /** Runs passes until none claims a full batch; resolves with the rows handled. */
  runOnce(): Promise<number>;
  /** Resolves once no row is pending (whichever instance holds them). Tests. */
  idle(): Promise<void>;
  /** Stops polling, aborts the attempts in flight (their rows are given back) and waits. */
  stop(): Promise<void>;
}

/**
 * The one delivery loop of the services' outboxes: claim due rows with a lease, attempt each,
 * mark the outcome, back off exponentially with jitter on failure. Everything lives in the
 * database, so a restart picks up where the last run stopped; with several instances on one
 * database each row is claimed by one of them (the store's conditional UPDATE), and a crashed
 * instance's rows are taken over once their lease runs out. At least once: a crash between
 * the receiver's answer and the mark sends the row again.
 */
export function createOutboxWorker<Row, Detail = undefined>(
  options: OutboxWorkerOptions<Row, Detail>,
): OutboxWorker {
  const { store, clock, metrics, name } = options;
  const batchSize = options.batchSize ?? 20;
  const traced = createJobTracing(options.service);
  const stopping = new AbortController();
  const wakes = new Set<NodeJS.Timeout>();
  let poll: NodeJS.Timeout | undefined;
  let started = false;
  let running: Promise<number> | undefined;
  let again = false;

  async function pass(): Promise<number> {
    const now = clock();
    const claims = await store.claimDue({ now, leaseUntil: now + options.leaseMs, limit: batchSize });
    await Promise.all(claims.map((claim) => attempt(claim)));
    if (metrics?.backlog) metrics.backlog({ outbox: name, size: await store.countPending() });
    return claims.length;
  }

  function attempt(claim: OutboxClaim<Row>): Promise<void> {
    return traced(`outbox ${name}`, { 'outbox.name': name, 'outbox.attempt': claim.attempts + 1 }, (span) =>
      attemptOnce(claim).then((outcome) => void span?.setAttribute('outbox.outcome', outcome)),
    );
  }

  async function attemptOnce(claim: OutboxClaim<Row>): Promise<SettledOutcome<Detail>['result'] | 'failed'> {
    const startedAt = performance.now();
    let outcome: OutboxOutcome<Detail>;
    try {
      outcome = await options.attempt(claim, stopping.signal);
    } catch (err) {
      options.onError(err, claim);
      outcome = { result: 'retry', error: 'step_failed' };
    }
    try {
      const settled = await settle(claim, outcome);
      metrics?.attempted?.({
        outbox: name,
        outcome: settled.outcome.result,
        latencyMs: performance.now() - startedAt,
      });
      options.onSettled?.(claim, settled.outcome, settled.marked);
      return settled.outcome.result;
    } catch (err) {
      // The database failing: the lease runs out and the row is tried again.
      options.onError(err, claim);
      return 'failed';
    }
  }

  async function settle(
    claim: OutboxClaim<Row>,
    outcome: OutboxOutcome<Detail>,
  ): Promise<{ outcome: SettledOutcome<Detail>; marked: boolean }> {
    const now = clock();
    const attempts = claim.attempts + 1;
    if (outcome.result === 'delivered') {
      return mark(
        claim,
        outcome,
        await store.markDelivered(claim, { attempts, now, detail: outcome.detail }),
      );
    }
    if (outcome.result === 'refused') {
      const done = { attempts, now, reason: outcome.reason, detail: outcome.detail };
      return mark(claim, outcome, await store.markRefused(claim, done));
    }
    if (stopping.signal.aborted) {
      // Cut short by the stop: not the receiver's fault, so not counted; free for the next run.
      await store.release(claim);
      return { outcome: { result: 'released' }, marked: true };
    }
    if (options.maxAttempts !== undefined && attempts >= options.maxAttempts) {
      const gaveUp = { result: 'gave_up' as const, reason: outcome.error, detail: outcome.detail };
      return mark(claim, gaveUp, await store.markRefused(claim, { attempts, now, ...gaveUp }));
    }
    const nextAttemptAt = retryAt(now, attempts, outcome.retryAt);
    const retry = { attempts, nextAttemptAt, error: outcome.error, detail: outcome.detail };
    const marked = await store.markRetry(claim, retry);
    if (marked) wakeIn(nextAttemptAt - now);
    return mark(claim, outcome, marked);
  }

  /** A row marked by someone else meanwhile keeps its state; only this worker's lease ends. */
  async function mark<O extends SettledOutcome<Detail>>(
    claim: OutboxClaim<Row>,
    outcome: O,
    marked: boolean,
  ) {
    if (!marked) await store.release(claim);
    return { outcome, marked };
  }

  function retryAt(now: number, attempts: number, asked: number | undefined): number {
    const { baseMs, capMs } = options.backoff;
    if (asked === undefined) return now + retryDelayMs({ attempts, baseMs, capMs });
    // The receiver's time, but never sooner than our first delay nor later than the cap.
    return Math.min(Math.max(asked, now + baseMs), now + (options.retryAfterCapMs ?? capMs));
  }

  function wakeIn(ms: number): void {
    if (stopping.signal.aborted || !started) return;
    const timer = setTimeout(
      () => {
        wakes.delete(timer);
        void runOnce();
      },
      Math.max(ms, 0),
    );
    timer.unref();
    wakes.add(timer);
  }

  async function loop(): Promise<number> {
    let total = 0;
    do {
      again = false;
      const handled = await pass();
      total += handled;
      if (handled === batchSize) again = true;
    } while (again && !stopping.signal.aborted);
    return total;
  }

  function runOnce(): Promise<number> {
    if (stopping.signal.aborted) return Promise.resolve(0);
    if (running) {
      again = true;
      return running;
    }
    running = loop()
      .catch((err: unknown) => {
        if (!stopping.signal.aborted) options.onError(err);
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    start() {
      if (started || stopping.signal.aborted) return;
      started = true;
      if (options.pollMs > 0) {
        poll = setInterval(() => void runOnce(), options.pollMs);
        poll.unref();
      }
      void runOnce();
    },
    kick() {
      if (started) void runOnce();
    },
    runOnce,
    async idle() {
      while (!stopping.signal.aborted) {
        await runOnce();
        const next = await store.nextDueAt();
        if (next === null) return;
        // Due later (a retry) or held by another instance: look again shortly.
        const wait = Math.min(Math.max(next - clock(), 10), 250);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    },
    async stop() {
      stopping.abort();
      clearInterval(poll);
      for (const timer of wakes) clearTimeout(timer);
      wakes.clear();
      await running;
    },
  };
}
