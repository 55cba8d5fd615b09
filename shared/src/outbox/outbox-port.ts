/**
 * What the outbox worker (create-outbox-worker.ts) needs from a service's storage, and what an
 * attempt tells it. Times are epoch milliseconds from the service's clock; a store whose columns
 * hold seconds converts.
 */

/** One row taken by a worker, which owns it until its lease runs out. */
export interface OutboxClaim<Row> {
  id: string;
  row: Row;
  /** Attempts made before this one. */
  attempts: number;
  /** The lease as stored: marking the row succeeds only while it still holds this value. */
  lease: number;
}

/** What became of one attempt. */
export type OutboxOutcome<Detail = undefined> =
  | { result: 'delivered'; detail?: Detail }
  /** Final: the receiver (or the service) will never take this row; `reason` is stored. */
  | { result: 'refused'; reason: string; detail?: Detail }
  /** Try again; `retryAt` is when the receiver asked for (e.g. its Retry-After), epoch ms. */
  | { result: 'retry'; error: string; retryAt?: number; detail?: Detail };

export interface OutboxRetry<Detail> {
  attempts: number;
  nextAttemptAt: number;
  error: string;
  detail?: Detail;
}

/**
 * The storage port. Every mark is conditional on the claim's lease: false when the row was
 * settled, superseded or taken over by another worker meanwhile (its lease ran out).
 */
export interface OutboxStore<Row, Detail = undefined> {
  /**
   * Takes up to `limit` rows that are due and not leased by a live worker, each until
   * `leaseUntil`. With per-key ordering a row is due only once every earlier row of its key is
   * settled and no longer leased.
   */
  claimDue(options: { now: number; leaseUntil: number; limit: number }): Promise<Array<OutboxClaim<Row>>>;
  markDelivered(
    claim: OutboxClaim<Row>,
    done: { attempts: number; now: number; detail?: Detail },
  ): Promise<boolean>;
  markRefused(
    claim: OutboxClaim<Row>,
    done: { attempts: number; now: number; reason: string; detail?: Detail },
  ): Promise<boolean>;
  markRetry(claim: OutboxClaim<Row>, retry: OutboxRetry<Detail>): Promise<boolean>;
  /** Gives the row back uncounted (the worker is stopping, or lost its mark): its lease ends now. */
  release(claim: OutboxClaim<Row>): Promise<void>;
  /** When the earliest pending row is due, whoever holds it; null when none is pending. */
  nextDueAt(): Promise<number | null>;
  /** Rows still to deliver (pending, due or not), for the backlog metric. */
  countPending(): Promise<number>;
}

/** Hooks an operator's metrics exporter can implement; every one is optional. */
export interface OutboxMetrics {
  /** One attempt settled: its outcome (`gave_up`: a retry past the attempt limit) and duration. */
  attempted?(event: {
    outbox: string;
    outcome: 'delivered' | 'refused' | 'retry' | 'gave_up' | 'released';
    latencyMs: number;
  }): void;
  /** Pending rows after a pass. */
  backlog?(event: { outbox: string; size: number }): void;
}
