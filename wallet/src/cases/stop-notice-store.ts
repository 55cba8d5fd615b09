import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { asPartial } from '@min-profil/shared/entity-columns';
import { createOutboxTable } from '@min-profil/shared/outbox/outbox-table';
import { nextOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';
import { sealedOutboxPort } from '@min-profil/shared/outbox/sealed-outbox-port';
import { CaseStopNoticeEntity, type CaseStopNoticeRow } from './stop-notice-entities.js';

/** Data access for the stop-notice outbox (stop-notice-entities.ts); times in epoch seconds. */
export function createStopNoticeStore(db: Database) {
  const ds = db.dataSource;
  const table = createOutboxTable<CaseStopNoticeRow>({
    dataSource: ds,
    entity: CaseStopNoticeEntity,
    table: 'wallet_case_stop_notice',
    unitMs: 1000,
  });
  const notices = () => ds.getRepository(CaseStopNoticeEntity);

  return {
    /** Queues the notice of one case's stop, in the transaction that stops it. */
    async enqueue(
      manager: EntityManager,
      notice: { caseId: string; stopEndpoint: string },
      now: number,
    ): Promise<void> {
      const row: Omit<CaseStopNoticeRow, 'orderingSeq'> = {
        id: randomUUID(),
        caseId: notice.caseId,
        stopEndpoint: notice.stopEndpoint,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        lastError: null,
        createdAt: now,
        deliveredAt: null,
      };
      await manager.getRepository(CaseStopNoticeEntity).insert({
        ...asPartial<CaseStopNoticeRow>(row),
        orderingSeq: nextOrderingSeq(manager, 'wallet_case_stop_notice'),
      });
    },

    async findByCase(caseId: string): Promise<CaseStopNoticeRow | null> {
      return notices().findOneBy({ caseId });
    },

    /** The outbox worker's side (shared/src/outbox/outbox-port.ts); nothing in it is sealed. */
    worker: sealedOutboxPort(table),
  };
}

export type StopNoticeStore = ReturnType<typeof createStopNoticeStore>;
