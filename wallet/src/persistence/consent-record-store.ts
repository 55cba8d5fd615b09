import { z } from 'zod';
import type { Database } from '@min-profil/shared/db';
import { asPartial } from '@min-profil/shared/entity-columns';
import { ConsentRecordEntity, type ConsentRecordRow, type DeletionState } from './consent-record-entities.js';
import { readJsonColumns } from './read-json-columns.js';

const readRecord = readJsonColumns<ConsentRecordRow>(
  z.object({ counterpartyName: z.record(z.string(), z.string()).nullable() }),
);

/** Consent records per person (consent-record-entities.ts). */
export function createConsentRecordStore(db: Database) {
  const repo = () => db.dataSource.getRepository(ConsentRecordEntity);
  return {
    async insertConsentRecord(row: ConsentRecordRow): Promise<void> {
      await repo().insert(asPartial(row));
    },
    async listConsentRecords(accountId: string): Promise<ConsentRecordRow[]> {
      const rows = await repo().find({ where: { accountId }, order: { receivedAt: 'DESC', id: 'ASC' } });
      return rows.map(readRecord);
    },
    async findConsentRecord(accountId: string, id: string): Promise<ConsentRecordRow | null> {
      const row = await repo().findOneBy({ accountId, id });
      return row && readRecord(row);
    },
    /**
     * Moves a record's erasure request on. `from` makes it conditional: of two requests at
     * once only one goes out (the other finds the state moved).
     */
    async setDeletionState(
      accountId: string,
      id: string,
      change: {
        from?: DeletionState[];
        /** With `from`: a `requested` state older than this (epoch seconds) counts as abandoned. */
        staleBefore?: number;
        state: DeletionState;
        answer?: string | null;
        at?: number;
      },
    ): Promise<boolean> {
      const query = db.dataSource
        .createQueryBuilder()
        .update(ConsentRecordEntity)
        .set({
          deletionState: change.state,
          ...(change.answer !== undefined ? { deletionAnswer: change.answer } : {}),
          ...(change.at !== undefined ? { deletionRequestedAt: change.at } : {}),
        })
        .where('id = :id AND account_id = :accountId', { id, accountId });
      if (change.from) {
        // A request left `requested` by a crash mid-call may be sent again after `staleBefore`.
        query.andWhere(
          '(deletion_state IN (:...from) OR (deletion_state = :requested AND deletion_requested_at < :staleBefore))',
          { from: change.from, requested: 'requested', staleBefore: change.staleBefore ?? 0 },
        );
      }
      const result = await query.execute();
      return result.affected === 1;
    },
  };
}
