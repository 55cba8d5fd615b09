import { z } from 'zod';
import type { Database } from '@min-profil/shared/db';
import { asPartial } from '@min-profil/shared/entity-columns';
import { ApprovalRecordEntity, type ApprovalRecordRow } from './approval-entities.js';
import { readJsonColumns } from './read-json-columns.js';

const readApproval = readJsonColumns<ApprovalRecordRow>(
  z.object({ counterpartyName: z.record(z.string(), z.string()).nullable() }),
);

/** The documents a person approved (the documents themselves sealed, see approval-entities.ts). */
export function createApprovalStore(db: Database) {
  const ds = db.dataSource;

  return {
    async insertApproval(row: ApprovalRecordRow): Promise<void> {
      await ds.getRepository(ApprovalRecordEntity).insert(asPartial(row));
    },
    async listApprovals(accountId: string): Promise<ApprovalRecordRow[]> {
      const rows = await ds
        .getRepository(ApprovalRecordEntity)
        .find({ where: { accountId }, order: { approvedAt: 'DESC' } });
      return rows.map(readApproval);
    },
    async findApproval(accountId: string, id: string): Promise<ApprovalRecordRow | null> {
      const row = await ds.getRepository(ApprovalRecordEntity).findOneBy({ accountId, id });
      return row && readApproval(row);
    },
  };
}
