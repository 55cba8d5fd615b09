import { IsNull, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { ApprovalEntity, type ApprovalEvidence, type ApprovalRow } from './approval-entities.js';
import { asPartial } from './columns.js';

/** Data access for approval requests; the receipt is written once (conditional UPDATE). */
export function createApprovalStore(db: Database) {
  const repo = () => db.dataSource.getRepository(ApprovalEntity);
  return {
    async insertApproval(row: ApprovalRow): Promise<void> {
      await repo().insert(asPartial<ApprovalRow>(row));
    },
    async findApproval(id: string, tx?: EntityManager): Promise<ApprovalRow | null> {
      return (tx ?? db.dataSource.manager).getRepository(ApprovalEntity).findOneBy({ id });
    },
    async findApprovalByDocumentToken(token: string): Promise<ApprovalRow | null> {
      return repo().findOneBy({ documentToken: token });
    },
    async findApprovalByReceiptId(receiptId: string): Promise<ApprovalRow | null> {
      return repo().findOneBy({ receiptId });
    },
    /** True when this call recorded the approval (a request is approved at most once). */
    async recordApproval(
      id: string,
      outcome: { receiptId: string; receipt: string; evidence: ApprovalEvidence; approvedAt: number },
    ): Promise<boolean> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(ApprovalEntity)
        .set(asPartial<ApprovalRow>(outcome))
        .where({ id, receiptId: IsNull() })
        .execute();
      return result.affected === 1;
    },
  };
}

export type ApprovalStore = ReturnType<typeof createApprovalStore>;
