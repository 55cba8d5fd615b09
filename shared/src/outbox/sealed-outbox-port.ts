import type { OutboxStore } from './outbox-port.js';
import type { OutboxRow, OutboxTable } from './outbox-table.js';

/** The one column of a pending row sealed at rest (a webhook's body, a case event's document). */
export interface SealedColumn<Row> {
  /** The entity's property; set to null when the row is settled for good. */
  column: keyof Row & string;
  /** The row with that column opened, for the attempt. */
  open(row: Row): Row;
}

/**
 * The outbox worker's port (outbox-port.ts) on an outbox table (outbox-table.ts) with the
 * common settled columns: `status` ('delivered' or 'failed'), `last_error` and `delivered_at`
 * (epoch seconds, whatever the table's unit). With `sealed`, a claimed row is handed to the
 * attempt opened, and the sealed value is dropped once the row is delivered or refused, so it
 * lives no longer than its delivery; a retry keeps it.
 */
export function sealedOutboxPort<Row extends OutboxRow>(
  table: OutboxTable<Row>,
  sealed?: SealedColumn<Row>,
): OutboxStore<Row> {
  const dropSealed = sealed ? { [sealed.column]: null } : {};
  return {
    async claimDue(options) {
      const claims = await table.claimDue(options);
      return sealed ? claims.map((claim) => ({ ...claim, row: sealed.open(claim.row) })) : claims;
    },
    markDelivered: (claim, done) =>
      table.settle(claim, {
        status: 'delivered',
        attempts: done.attempts,
        lastError: null,
        deliveredAt: Math.floor(done.now / 1000),
        ...dropSealed,
      }),
    // Refused by the receiver or by policy, or given up after the last attempt.
    markRefused: (claim, done) =>
      table.settle(claim, {
        status: 'failed',
        attempts: done.attempts,
        lastError: done.reason,
        ...dropSealed,
      }),
    markRetry: (claim, retry) =>
      table.settle(claim, {
        attempts: retry.attempts,
        nextAttemptAt: table.toUnit(retry.nextAttemptAt),
        lastError: retry.error,
      }),
    release: (claim) => table.release(claim),
    nextDueAt: () => table.nextDueAt(),
    countPending: () => table.countPending(),
  };
}
