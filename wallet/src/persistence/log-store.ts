import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import type { PagePosition } from '../http/page-cursor.js';
import { LogEntryEntity, type LogEntryRow } from './entities.js';
import { readJsonColumns } from './read-json-columns.js';

export interface LogFilter {
  event?: string;
  counterparty?: string;
  from?: number;
  to?: number;
  limit?: number;
  /** Keyset: the entries after this one in the log's order (at DESC, id ASC). */
  after?: PagePosition;
}

const zLocalized = z.record(z.string(), z.string());
const readEntry = readJsonColumns<LogEntryRow>(
  z.object({
    counterpartyName: zLocalized.nullable(),
    credentialTypes: z.array(z.string()),
    claims: z.array(z.string()),
    purpose: zLocalized.nullable(),
  }),
);

/** The person's log: who, which claim names (never values), purpose, when, outcome. */
export function createLogStore(db: Database) {
  const ds = db.dataSource;
  const m = (manager?: EntityManager) => manager ?? ds.manager;

  return {
    async insertLogEntry(row: LogEntryRow, manager?: EntityManager): Promise<void> {
      await m(manager).getRepository(LogEntryEntity).insert(row);
    },
    async listLog(accountId: string, filter: LogFilter = {}): Promise<LogEntryRow[]> {
      const qb = ds
        .getRepository(LogEntryEntity)
        .createQueryBuilder('e')
        .where('e.account_id = :accountId', { accountId });
      if (filter.event) qb.andWhere('e.event = :event', { event: filter.event });
      if (filter.counterparty) qb.andWhere('e.counterparty = :cp', { cp: filter.counterparty });
      if (filter.from !== undefined) qb.andWhere('e.at >= :from', { from: filter.from });
      if (filter.to !== undefined) qb.andWhere('e.at <= :to', { to: filter.to });
      if (filter.after)
        qb.andWhere('(e.at < :afterAt OR (e.at = :afterAt AND e.id > :afterId))', {
          afterAt: filter.after.at,
          afterId: filter.after.id,
        });
      const rows = await qb
        .orderBy('e.at', 'DESC')
        .addOrderBy('e.id', 'ASC')
        .limit(filter.limit ?? 1000)
        .getMany();
      return rows.map(readEntry);
    },
    async deleteLog(accountId: string): Promise<number> {
      const result = await ds.getRepository(LogEntryEntity).delete({ accountId });
      return result.affected ?? 0;
    },
  };
}

export type LogStore = ReturnType<typeof createLogStore>;
