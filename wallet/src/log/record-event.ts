import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { LogEntryRow, LogEvent } from '../persistence/entities.js';
import type { LogStore } from '../persistence/log-store.js';

/** What writing the log needs: the clock and the log's store (a whole `WalletContext` will do). */
export interface LogWriter {
  now: () => number;
  store: Pick<LogStore, 'insertLogEntry'>;
}

/**
 * Writes one entry of the person's log: who, which claim NAMES (never values), purpose, when,
 * and the outcome.
 */
export async function recordEvent(
  ctx: LogWriter,
  entry: {
    accountId: string;
    event: LogEvent;
    counterparty: string;
    counterpartyName?: Record<string, string> | null;
    credentialTypes?: string[];
    claims?: string[];
    purpose?: Record<string, string> | null;
    outcome: string;
    /** The case the entry belongs to (LogEntryRow.thread). */
    thread?: string | null;
  },
  manager?: EntityManager,
): Promise<LogEntryRow> {
  const row: LogEntryRow = {
    id: randomUUID(),
    accountId: entry.accountId,
    at: ctx.now(),
    event: entry.event,
    counterparty: entry.counterparty,
    counterpartyName: entry.counterpartyName ?? null,
    credentialTypes: entry.credentialTypes ?? [],
    claims: [...new Set(entry.claims ?? [])],
    purpose: entry.purpose ?? null,
    outcome: entry.outcome,
    thread: entry.thread ?? null,
  };
  await ctx.store.insertLogEntry(row, manager);
  return row;
}
