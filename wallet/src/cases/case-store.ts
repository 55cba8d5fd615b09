import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { asPartial } from '@min-profil/shared/entity-columns';
import {
  WalletCaseEntity,
  WalletCaseEventEntity,
  type WalletCaseEventRow,
  type WalletCaseRow,
} from './case-entities.js';

/**
 * The person's cases and their events (docs/cases.md). An event is applied with a conditional
 * UPDATE of its case (`last_seq` = seq - 1, still open), so of two deliveries of the same event,
 * or an event racing one before it, exactly the one in order is applied.
 */
export function createCaseStore(db: Database) {
  const ds = db.dataSource;
  const cases = () => ds.getRepository(WalletCaseEntity);
  const events = () => ds.getRepository(WalletCaseEventEntity);

  return {
    async insertCase(row: WalletCaseRow): Promise<void> {
      await cases().insert(asPartial<WalletCaseRow>(row));
    },

    /** A case that never opened (the answer did not reach the verifier). */
    async deleteCase(id: string): Promise<void> {
      await cases().delete({ id });
    },

    async findCase(accountId: string, id: string): Promise<WalletCaseRow | null> {
      return cases().findOneBy({ accountId, id });
    },

    async findCaseByCapability(capabilityHash: string): Promise<WalletCaseRow | null> {
      return cases().findOneBy({ capabilityHash });
    },

    async listCases(accountId: string): Promise<WalletCaseRow[]> {
      return cases().find({ where: { accountId }, order: { lastActivityAt: 'DESC', id: 'ASC' } });
    },

    async listEvents(caseId: string): Promise<WalletCaseEventRow[]> {
      return events().find({ where: { caseId }, order: { seq: 'ASC' } });
    },

    async listEventsOfAccount(accountId: string): Promise<WalletCaseEventRow[]> {
      return events().find({ where: { accountId }, order: { seq: 'ASC' } });
    },

    async findEventAt(caseId: string, seq: number): Promise<WalletCaseEventRow | null> {
      return events().findOneBy({ caseId, seq });
    },

    /** The case whose information request the person answers with this presentation request. */
    async findCaseOfAnswer(accountId: string, answerRequestId: string): Promise<WalletCaseRow | null> {
      const event = await events().findOneBy({ accountId, answerRequestId });
      return event ? cases().findOneBy({ accountId, id: event.caseId }) : null;
    },

    async findEvent(caseId: string, id: string): Promise<WalletCaseEventRow | null> {
      return events().findOneBy({ caseId, id });
    },

    /** Applies the next event of an open case; false when it is not next any more, or not open. */
    async applyEvent(row: WalletCaseEventRow, now: number): Promise<boolean> {
      return ds.transaction(async (tx) => {
        const result = await tx
          .createQueryBuilder()
          .update(WalletCaseEntity)
          .set({
            lastSeq: row.seq,
            lastActivityAt: now,
            ...(row.type === 'closed' ? { status: 'closed' as const } : {}),
          })
          .where("id = :id AND last_seq = :previous AND status = 'open'", {
            id: row.caseId,
            previous: row.seq - 1,
          })
          .execute();
        if (result.affected !== 1) return false;
        await tx.getRepository(WalletCaseEventEntity).insert(asPartial<WalletCaseEventRow>(row));
        return true;
      });
    },

    async stopCase(id: string, now: number, manager?: EntityManager): Promise<boolean> {
      const result = await (manager ?? ds.manager)
        .getRepository(WalletCaseEntity)
        .createQueryBuilder()
        .update()
        .set({ status: 'stopped', stoppedAt: now, lastActivityAt: now })
        .where("id = :id AND status = 'open'", { id })
        .execute();
      return result.affected === 1;
    },

    async setAnswerRequest(caseId: string, eventId: string, requestId: string, now: number): Promise<void> {
      await events().update({ caseId, id: eventId }, { answerRequestId: requestId });
      await cases().update({ id: caseId }, { lastActivityAt: now });
    },
  };
}

export type WalletCaseStore = ReturnType<typeof createCaseStore>;
