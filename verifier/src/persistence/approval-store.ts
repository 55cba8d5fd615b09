import { IsNull, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { ApprovalEntity, type ApprovalEvidence, type ApprovalRow } from './approval-entities.js';
import { asPartial } from '@min-profil/shared/entity-columns';
import type { DataSealer } from '../crypto/data-sealer.js';

/**
 * Data access for approval requests; the receipt is written once (conditional UPDATE). The
 * document and the evidence are personal data: sealed at rest (data-sealer.ts), opened here.
 */
export function createApprovalStore(db: Database, sealer: DataSealer) {
  const repo = () => db.dataSource.getRepository(ApprovalEntity);
  const aad = (column: string, id: string) => `approval_request.${column}:${id}`;
  const open = (row: ApprovalRow | null): ApprovalRow | null =>
    row && {
      ...row,
      document: sealer.openText(row.consumerId, aad('document', row.id), row.document),
      evidence:
        row.evidence === null
          ? null
          : sealer.openJson<ApprovalEvidence>(row.consumerId, aad('evidence', row.id), row.evidence),
    };
  return {
    async insertApproval(row: ApprovalRow): Promise<void> {
      await repo().insert(
        asPartial<ApprovalRow>({
          ...row,
          document: sealer.sealText(row.consumerId, aad('document', row.id), row.document),
          evidence:
            row.evidence === null
              ? null
              : (sealer.sealJson(row.consumerId, aad('evidence', row.id), row.evidence) as never),
        }),
      );
    },
    async findApproval(id: string, tx?: EntityManager): Promise<ApprovalRow | null> {
      return open(await (tx ?? db.dataSource.manager).getRepository(ApprovalEntity).findOneBy({ id }));
    },
    async findApprovalByDocumentToken(token: string): Promise<ApprovalRow | null> {
      return open(await repo().findOneBy({ documentToken: token }));
    },
    async findApprovalByReceiptId(receiptId: string): Promise<ApprovalRow | null> {
      return open(await repo().findOneBy({ receiptId }));
    },
    /** True when this call recorded the approval (a request is approved at most once). */
    async recordApproval(
      id: string,
      outcome: { receiptId: string; receipt: string; evidence: ApprovalEvidence; approvedAt: number },
    ): Promise<boolean> {
      // The evidence is sealed with the consumer's key; the approval names the consumer.
      const owner = await repo().findOne({ select: { id: true, consumerId: true }, where: { id } });
      if (!owner) return false;
      const result = await db.dataSource
        .createQueryBuilder()
        .update(ApprovalEntity)
        .set(
          asPartial<ApprovalRow>({
            ...outcome,
            evidence: sealer.sealJson(owner.consumerId, aad('evidence', id), outcome.evidence) as never,
          }),
        )
        .where({ id, receiptId: IsNull() })
        .execute();
      return result.affected === 1;
    },
  };
}

export type ApprovalStore = ReturnType<typeof createApprovalStore>;
