import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { UsageRecordEntity, type UsageRecordRow } from './usage-record-entity.js';

export type NewUsageRecord = Omit<UsageRecordRow, 'id'>;

interface PageOptions {
  holderId: string;
  personKey: string;
  limit: number;
  after?: { time: number; id: number };
}

/** The usage log's rows: appended by every use, read by the person newest first. */
export function createUsageStore(db: Database) {
  const ds = db.dataSource;
  /**
   * One person's rows at one holder, newest first, after the last row of the previous page:
   * a keyset on (time, id) that idx_usage_record_person serves read backwards, so a later
   * page costs what the first does. The row-value comparison matters: PostgreSQL makes it
   * part of the index condition and starts at the cursor, where the equivalent
   * `time < t OR (time = t AND id < i)` is only a filter, read past every newer row first.
   * (The query itself is exposed so the benchmark can show its plan.)
   */
  const pageQuery = (options: PageOptions) => {
    const query = ds
      .getRepository(UsageRecordEntity)
      .createQueryBuilder('u')
      .where('u.holderId = :holderId AND u.personKey = :personKey', options);
    if (options.after) query.andWhere('(u.time, u.id) < (:time, :id)', options.after);
    return query.orderBy('u.time', 'DESC').addOrderBy('u.id', 'DESC').limit(options.limit);
  };
  return {
    /** In the caller's transaction when given, so a use and its record commit together. */
    async insert(rows: NewUsageRecord[], manager?: EntityManager): Promise<void> {
      if (rows.length === 0) return;
      await (manager ?? ds.manager).getRepository(UsageRecordEntity).insert(rows);
    },
    pageQuery,
    async page(options: PageOptions): Promise<UsageRecordRow[]> {
      return pageQuery(options).getMany();
    },
  };
}

export type UsageStore = ReturnType<typeof createUsageStore>;
