import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';

/** How often an issuance that PostgreSQL chose as a deadlock's victim is run again. */
const attempts = 3;

/**
 * An issuance's transaction, run again when PostgreSQL breaks a deadlock by aborting it. Two
 * batch issuances that draw the same random status indexes in the opposite order wait for each
 * other (each index is an `INSERT … ON CONFLICT DO NOTHING` that waits for an uncommitted twin);
 * PostgreSQL aborts one with 40P01. Its transaction was rolled back whole (nonce, indexes, audit
 * rows), so running it again is the same request again and draws other indexes. Only issuance
 * uses this: its one effect outside the database, the issued counter, comes after its last
 * statement that can wait for a lock.
 */
export async function issuanceTransaction<T>(
  db: Database,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isDeadlock(err)) throw err;
    }
  }
}

function isDeadlock(err: unknown): boolean {
  const code = (err as { driverError?: { code?: unknown }; code?: unknown })?.driverError?.code;
  return code === '40P01';
}
