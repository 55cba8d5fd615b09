import { EntitySchema } from 'typeorm';
import { epochColumn, textColumn } from '@min-profil/shared/entity-columns';

/** Who the first signatory named, and for which company (sealed in `expected`). */
export interface SecondSignatoryExpectation {
  org_number: string;
  personal_identity_number: string;
  /** The first signatory's number: the second must be someone else. */
  first_personal_identity_number: string;
  /** The first's rule; rows made before board_jointly was built lack it (two_jointly). */
  signing_rule?: 'two_jointly' | 'board_jointly';
  /** board_jointly: the board's size in the first's credential; all must approve. */
  board_size?: number;
}

/** An approval request a company's second signatory answers, completing the first's request. */
export interface SecondSignatoryRow {
  requestId: string;
  firstRequestId: string;
  consumerId: string;
  /** Sealed `SecondSignatoryExpectation` (data-sealer.ts). */
  expected: string;
  createdAt: number;
  completedAt: number | null;
}

export const SecondSignatoryEntity = new EntitySchema<SecondSignatoryRow>({
  name: 'SecondSignatory',
  tableName: 'second_signatory',
  columns: {
    requestId: { name: 'request_id', type: 'varchar', primary: true },
    firstRequestId: textColumn('first_request_id'),
    consumerId: textColumn('consumer_id'),
    expected: { name: 'expected', type: 'text' },
    createdAt: epochColumn('created_at'),
    completedAt: epochColumn('completed_at', true),
  },
  indices: [{ name: 'idx_second_signatory_first', columns: ['firstRequestId'] }],
});
