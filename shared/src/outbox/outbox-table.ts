import type { DataSource, EntityManager, EntitySchema, ObjectLiteral } from 'typeorm';
import type { OutboxClaim } from './outbox-port.js';

/**
 * The SQL side of an outbox table, for the services' stores to build their `OutboxStore` on
 * (TypeORM, the same statements on SQLite and PostgreSQL). The table has the columns `id`,
 * `status` (`'pending'` until settled), `attempts`, `next_attempt_at`, `lease_until`,
 * `created_at` and `ordering_seq` (see orderingSeqs); `unitMs` says what its times count
 * (1: milliseconds, 1000: seconds).
 *
 * Per-key FIFO (`keyColumn`): a row is due only while no earlier row of its key (lower
 * `ordering_seq`) is still pending or still leased, so rows of one key go out one at a time
 * in order, a retry holding back the ones after it, while other keys proceed in parallel.
 */
export interface OutboxTableOptions<Row extends ObjectLiteral> {
  dataSource: DataSource;
  entity: EntitySchema<Row>;
  table: string;
  unitMs: 1 | 1000;
  /** The ordering key's column; rows where it is null are not ordered. */
  keyColumn?: string;
}

/** What an outbox table's rows have at the least (the rest of the columns are the table's own). */
export type OutboxRow = ObjectLiteral & { id: string; attempts: number };

/** The SQL side of one outbox table (createOutboxTable). */
export type OutboxTable<Row extends OutboxRow> = ReturnType<typeof createOutboxTable<Row>>;

export function createOutboxTable<Row extends OutboxRow>(options: OutboxTableOptions<Row>) {
  const { dataSource: ds, entity, table, unitMs, keyColumn } = options;
  // Due and lease compare against the current unit, floored; leases and retries round up.
  const at = (ms: number) => Math.floor(ms / unitMs);
  const until = (ms: number) => Math.ceil(ms / unitMs);
  /** Conditions on the row `o` names (an alias, or the table itself in an UPDATE). */
  const due = (o: string) =>
    `${o}.status = 'pending' AND ${o}.next_attempt_at <= :now AND (${o}.lease_until IS NULL OR ${o}.lease_until < :now)`;
  const headOfKey = (o: string) =>
    keyColumn
      ? `(${o}.${keyColumn} IS NULL OR NOT EXISTS (SELECT 1 FROM ${table} e WHERE e.${keyColumn} = ${o}.${keyColumn}` +
        ` AND e.ordering_seq < ${o}.ordering_seq AND (e.status = 'pending' OR e.lease_until >= :now)))`
      : '1 = 1';

  return {
    /**
     * Candidates first, then one conditional UPDATE each: the WHERE re-checks due, lease and
     * head of key, so of two instances racing for a row exactly one gets affected = 1 (on
     * PostgreSQL the other waits on the row lock, then sees the new lease).
     */
    async claimDue(claim: {
      now: number;
      leaseUntil: number;
      limit: number;
    }): Promise<Array<OutboxClaim<Row>>> {
      const now = at(claim.now);
      const leaseUntil = until(claim.leaseUntil);
      const candidates = await ds
        .createQueryBuilder()
        .select('o.id', 'id')
        .from(table, 'o')
        .where(due('o'), { now })
        .andWhere(headOfKey('o'), { now })
        .orderBy('o.next_attempt_at', 'ASC')
        .addOrderBy('o.ordering_seq', 'ASC')
        .limit(claim.limit)
        .getRawMany<{ id: string }>();
      const claims: Array<OutboxClaim<Row>> = [];
      for (const { id } of candidates) {
        const result = await ds
          .createQueryBuilder()
          .update(entity)
          .set({ leaseUntil } as never)
          .where(`id = :id AND ${due(table)} AND ${headOfKey(table)}`, { id, now })
          .execute();
        if (result.affected !== 1) continue;
        const row = await ds.getRepository(entity).findOneBy({ id } as never);
        if (row) claims.push({ id, row, attempts: row.attempts, lease: leaseUntil });
      }
      return claims;
    },

    /**
     * Sets `values` on a claimed row still pending under this claim's lease (false otherwise),
     * and ends the lease. Retry times in `values` are the caller's, already in the table's unit.
     */
    async settle(
      claim: { id: string; lease: number },
      values: Record<string, unknown>,
      manager?: EntityManager,
    ): Promise<boolean> {
      const result = await (manager ?? ds.manager)
        .createQueryBuilder()
        .update(entity)
        .set({ ...values, leaseUntil: null } as never)
        .where("id = :id AND status = 'pending' AND lease_until = :lease", {
          id: claim.id,
          lease: claim.lease,
        })
        .execute();
      return result.affected === 1;
    },

    /** Ends this claim's lease whatever the row's state, so the rows after it are free to go. */
    async release(claim: { id: string; lease: number }): Promise<void> {
      await ds
        .createQueryBuilder()
        .update(entity)
        .set({ leaseUntil: null } as never)
        .where('id = :id AND lease_until = :lease', { id: claim.id, lease: claim.lease })
        .execute();
    },

    /** A retry time in the table's unit. */
    toUnit: until,

    async nextDueAt(): Promise<number | null> {
      const row = await ds
        .createQueryBuilder()
        .select('MIN(o.next_attempt_at)', 'next')
        .from(table, 'o')
        .where("o.status = 'pending'")
        .getRawOne<{ next: string | number | null }>();
      return row?.next === null || row?.next === undefined ? null : Number(row.next) * unitMs;
    },

    async countPending(): Promise<number> {
      const row = await ds
        .createQueryBuilder()
        .select('COUNT(*)', 'count')
        .from(table, 'o')
        .where("o.status = 'pending'")
        .getRawOne<{ count: string | number }>();
      return Number(row?.count ?? 0);
    },
  };
}
