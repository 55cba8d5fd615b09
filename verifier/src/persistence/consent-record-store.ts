import { randomUUID } from 'node:crypto';
import { LessThan, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { asPartial } from '@min-profil/shared/entity-columns';
import {
  ConsentRecordEntity,
  ConsentUsageEntity,
  type ConsentRecordRow,
  type ConsentUsageRow,
} from './consent-record-entities.js';
import { PresentationRequestEntity } from './entities.js';
import { StandingPermissionEntity } from './standing-permission-entities.js';

/** Consent records and their usage log (docs/consent-records.md); field names only, no values. */
export function createConsentRecordStore(db: Database) {
  const ds = db.dataSource;
  const records = (manager?: EntityManager) => (manager ?? ds.manager).getRepository(ConsentRecordEntity);
  const usage = (manager?: EntityManager) => (manager ?? ds.manager).getRepository(ConsentUsageEntity);

  return {
    async insertRecord(row: ConsentRecordRow, manager?: EntityManager): Promise<void> {
      await records(manager).insert(asPartial(row));
    },

    async findRecord(id: string, manager?: EntityManager): Promise<ConsentRecordRow | null> {
      return records(manager).findOneBy({ id });
    },

    /** The latest record of a standing permission (it is renewed when its fields change). */
    async findLatestRecordOfPermission(standingPermissionId: string): Promise<ConsentRecordRow | null> {
      return records().findOne({ where: { standingPermissionId }, order: { issuedAt: 'DESC', id: 'DESC' } });
    },

    async findRecordsOfRequest(presentationRequestId: string): Promise<ConsentRecordRow[]> {
      return records().findBy({ presentationRequestId });
    },

    async listRecords(consumerId: string, limit: number): Promise<ConsentRecordRow[]> {
      return records().find({ where: { consumerId }, order: { issuedAt: 'DESC' }, take: limit });
    },

    async logUse(use: Omit<ConsentUsageRow, 'id'>, manager?: EntityManager): Promise<ConsentUsageRow> {
      const row = { ...use, id: randomUUID() };
      await usage(manager).insert(asPartial(row));
      return row;
    },

    async listUses(recordId: string, limit: number): Promise<ConsentUsageRow[]> {
      return usage().find({ where: { recordId }, order: { at: 'DESC', id: 'DESC' }, take: limit });
    },

    /**
     * Erasure (GDPR Art. 17): in the caller's transaction, ends the record (conditional UPDATE:
     * of two requests at once one wins) and deletes the verifier's copy — the request's claim
     * values and a standing permission's profile copy. False when the record was no longer active.
     */
    async eraseRecord(row: ConsentRecordRow, now: number, manager: EntityManager): Promise<boolean> {
      const ended = await manager
        .createQueryBuilder()
        .update(ConsentRecordEntity)
        .set({ status: 'deleted', deletionRequestedAt: now })
        .where('id = :id AND status <> :deleted', { id: row.id, deleted: 'deleted' })
        .execute();
      if (ended.affected !== 1) return false;
      if (row.presentationRequestId !== null) {
        await manager
          .createQueryBuilder()
          .update(PresentationRequestEntity)
          .set(asPartial({ claims: null, claimsExpireAt: null }))
          .where({ id: row.presentationRequestId, consumerId: row.consumerId })
          .execute();
      }
      if (row.standingPermissionId !== null) {
        await manager
          .createQueryBuilder()
          .update(StandingPermissionEntity)
          .set(asPartial({ profile: {}, status: 'withdrawn', withdrawnAt: now, updatedAt: now }))
          .where({ id: row.standingPermissionId, consumerId: row.consumerId })
          .execute();
      }
      return true;
    },

    /** A refused erasure is remembered (the record stays, its capability still reads usage). */
    async markRefused(id: string, now: number, manager?: EntityManager): Promise<void> {
      await records(manager).update({ id }, { status: 'deletion_refused', deletionRequestedAt: now });
    },

    /** End of retention: the records and their usage log go (epoch seconds). */
    async purgeExpiredRecords(now: number): Promise<number> {
      const expired = await records().find({
        where: { expiresAt: LessThan(now) },
        select: { id: true },
        take: 500,
      });
      if (expired.length === 0) return 0;
      const ids = expired.map((r) => r.id);
      await db.transaction(async (manager) => {
        await manager
          .createQueryBuilder()
          .delete()
          .from(ConsentUsageEntity)
          .where('record_id IN (:...ids)', { ids })
          .execute();
        await manager
          .createQueryBuilder()
          .delete()
          .from(ConsentRecordEntity)
          .where('id IN (:...ids)', { ids })
          .execute();
      });
      return ids.length;
    },
  };
}

export type ConsentRecordStore = ReturnType<typeof createConsentRecordStore>;
