import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { asPartial } from '@min-profil/shared/entity-columns';
import type { OutboxClaim } from '@min-profil/shared/outbox/outbox-port';
import { createOutboxTable } from '@min-profil/shared/outbox/outbox-table';
import { nextOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';
import { sealedOutboxPort } from '@min-profil/shared/outbox/sealed-outbox-port';
import type { DataSealer } from '../crypto/data-sealer.js';
import {
  CaseEntity,
  CaseEventEntity,
  type CaseEventPayload,
  type CaseEventRow,
  type CaseEventType,
  type CaseRow,
  type CaseStatus,
} from './case-entities.js';

export interface NewCaseEvent {
  type: CaseEventType;
  payload: CaseEventPayload;
  /** The decision's document, base64. */
  document?: string;
}

/**
 * Data access for cases and their events (docs/cases.md). An event is numbered and queued in
 * one transaction with a conditional UPDATE of its case (`next_seq`, only while the case is
 * open), so two events posted at once get distinct, gapless numbers, and none is queued for a
 * case the person stopped meanwhile. The events table is the outbox the worker sends, one case
 * at a time in order (shared/src/outbox/outbox-table.ts).
 */
export function createCaseStore(db: Database, sealer: DataSealer) {
  const ds = db.dataSource;
  const table = createOutboxTable<CaseEventRow>({
    dataSource: ds,
    entity: CaseEventEntity,
    table: 'verifier_case_event',
    unitMs: 1,
    keyColumn: 'ordering_key',
  });
  const cases = (manager: EntityManager = ds.manager) => manager.getRepository(CaseEntity);
  const events = () => ds.getRepository(CaseEventEntity);
  const inboxAad = (id: string) => `verifier_case.inbox:${id}`;
  const documentAad = (id: string) => `verifier_case_event.document:${id}`;
  const openCase = (row: CaseRow | null): CaseRow | null =>
    row && {
      ...row,
      inbox: row.inbox === null ? null : sealer.openText(row.consumerId, inboxAad(row.id), row.inbox),
    };
  const openEvent = (row: CaseEventRow): CaseEventRow => ({
    ...row,
    document:
      row.document === null ? null : sealer.openText(row.consumerId, documentAad(row.id), row.document),
  });

  return {
    async insertCase(row: CaseRow): Promise<void> {
      await cases().insert(asPartial<CaseRow>(row));
    },

    async findCase(id: string, manager?: EntityManager): Promise<CaseRow | null> {
      return openCase(await cases(manager).findOneBy({ id }));
    },

    async findCaseOfRequest(presentationRequestId: string): Promise<CaseRow | null> {
      return openCase(await cases().findOneBy({ presentationRequestId }));
    },

    async findCaseByWalletId(consumerId: string, walletCaseId: string): Promise<CaseRow | null> {
      return openCase(await cases().findOneBy({ consumerId, walletCaseId }));
    },

    async listCases(consumerId: string, limit: number): Promise<CaseRow[]> {
      const rows = await cases().find({
        where: { consumerId },
        order: { updatedAt: 'DESC', id: 'DESC' },
        take: limit,
      });
      return rows.map((row) => openCase(row)!);
    },

    /** The answer accepted the case: only once, only from `asked`. */
    async markOpened(id: string, consumerId: string, walletCaseId: string, inbox: string, now: number) {
      const result = await cases()
        .createQueryBuilder()
        .update()
        .set({
          status: 'open',
          walletCaseId,
          inbox: sealer.sealText(consumerId, inboxAad(id), inbox),
          updatedAt: now,
        })
        .where("id = :id AND status = 'asked'", { id })
        .execute();
      return result.affected === 1;
    },

    /** `from` → `to` when the case is in one of `from`; false otherwise. */
    async changeStatus(
      id: string,
      from: CaseStatus[],
      to: CaseStatus,
      now: number,
      manager?: EntityManager,
    ): Promise<boolean> {
      const result = await cases(manager)
        .createQueryBuilder()
        .update()
        .set({ status: to, updatedAt: now })
        .where('id = :id AND status IN (:...from)', { id, from })
        .execute();
      return result.affected === 1;
    },

    /**
     * Numbers and queues one event of an open case; a `closed` event closes it in the same
     * transaction. Null when the case is not open (any more).
     */
    async appendEvent(
      caseRow: CaseRow,
      event: NewCaseEvent,
      times: { now: number; nowMs: number },
    ): Promise<CaseEventRow | null> {
      return ds.transaction(async (tx) => {
        const claimed = await tx
          .createQueryBuilder()
          .update(CaseEntity)
          .set({
            nextSeq: () => 'next_seq + 1',
            updatedAt: times.now,
            ...(event.type === 'closed' ? { status: 'closed' as const } : {}),
          })
          .where("id = :id AND status = 'open'", { id: caseRow.id })
          .execute();
        if (claimed.affected !== 1) return null;
        const current = await cases(tx).findOneByOrFail({ id: caseRow.id });
        const id = randomUUID();
        const row: CaseEventRow = {
          id,
          caseId: caseRow.id,
          consumerId: caseRow.consumerId,
          seq: current.nextSeq - 1,
          type: event.type,
          payload: event.payload,
          document: event.document
            ? sealer.sealText(caseRow.consumerId, documentAad(id), event.document)
            : null,
          status: 'pending',
          attempts: 0,
          orderingKey: caseRow.id,
          orderingSeq: 0,
          nextAttemptAt: times.nowMs,
          leaseUntil: null,
          lastError: null,
          createdAt: times.now,
          deliveredAt: null,
        };
        const { orderingSeq: _unused, ...values } = row;
        await tx.getRepository(CaseEventEntity).insert({
          ...asPartial<CaseEventRow>(values),
          orderingSeq: nextOrderingSeq(tx, 'verifier_case_event'),
        });
        return { ...row, document: event.document ?? null };
      });
    },

    /** The worker's markRefused inside the caller's transaction (refuse-case-event.ts). */
    markEventRefused(
      claim: OutboxClaim<CaseEventRow>,
      done: { attempts: number; reason: string },
      manager: EntityManager,
    ): Promise<boolean> {
      return table.settle(
        claim,
        { status: 'failed', attempts: done.attempts, lastError: done.reason, document: null },
        manager,
      );
    },

    /**
     * Settles every event of the case after `seq` still pending as failed with `reason`: the
     * wallet applies events without gaps, so none of them can be applied any more. Returns how
     * many.
     */
    async refuseEventsAfter(caseId: string, seq: number, reason: string, manager: EntityManager) {
      const result = await manager
        .createQueryBuilder()
        .update(CaseEventEntity)
        .set({ status: 'failed', lastError: reason, document: null, leaseUntil: null })
        .where("case_id = :caseId AND seq > :seq AND status = 'pending'", { caseId, seq })
        .execute();
      return result.affected ?? 0;
    },

    async listEvents(caseId: string): Promise<CaseEventRow[]> {
      const rows = await events().find({ where: { caseId }, order: { seq: 'ASC' } });
      return rows.map(openEvent);
    },

    /** The outbox worker's side (shared/src/outbox/outbox-port.ts); times in epoch ms. */
    worker: sealedOutboxPort(table, { column: 'document', open: openEvent }),
  };
}

export type CaseStore = ReturnType<typeof createCaseStore>;
