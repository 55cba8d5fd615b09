import { randomUUID } from 'node:crypto';
import type { Database } from '@min-profil/shared/db';
import { RegisterRecordEntity, type RegisterRecordRow } from './entities.js';

/** The demo registers' table: one row per person, holder and record type. */
export function createRegisterStore(db: Database) {
  const repo = () => db.dataSource.getRepository(RegisterRecordEntity);
  return {
    async find(
      holderId: string,
      identityNumber: string,
      recordType: string,
    ): Promise<RegisterRecordRow | null> {
      return repo().findOneBy({ holderId, identityNumber, recordType });
    },
    async listRecordTypes(holderId: string, identityNumber: string): Promise<string[]> {
      const rows = await repo().findBy({ holderId, identityNumber });
      return rows.map((r) => r.recordType);
    },
    /** Inserts or replaces a record (seeding and the staff's own systems). */
    async upsert(record: Omit<RegisterRecordRow, 'id'>): Promise<void> {
      const existing = await repo().findOneBy({
        holderId: record.holderId,
        identityNumber: record.identityNumber,
        recordType: record.recordType,
      });
      await repo().save({ ...record, id: existing?.id ?? randomUUID() });
    },
    async count(): Promise<number> {
      return repo().count();
    },
  };
}

export type RegisterStore = ReturnType<typeof createRegisterStore>;
