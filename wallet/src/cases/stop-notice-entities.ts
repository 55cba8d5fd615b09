import { EntitySchema } from 'typeorm';
import { epochColumn, intColumn, textColumn } from '@min-profil/shared/entity-columns';
import { orderingSeqColumn } from '@min-profil/shared/outbox/ordering-seq';

/**
 * The wallet's outbox of stop notices (docs/cases.md "Stopping"): one row per stopped case,
 * written in the transaction that stops it and sent to the consumer's stop endpoint by the
 * shared outbox worker, at least once, retried, surviving restarts. It holds no account: the
 * case id (random) and the consumer's endpoint are all it needs, so a notice outlives the
 * closing of the account whose case it stops.
 */
export type CaseStopNoticeStatus = 'pending' | 'delivered' | 'failed';

export interface CaseStopNoticeRow {
  id: string;
  /** The wallet's case id: what authenticates the notice to the consumer's verifier. */
  caseId: string;
  stopEndpoint: string;
  status: CaseStopNoticeStatus;
  attempts: number;
  /** Epoch seconds. */
  nextAttemptAt: number;
  leaseUntil: number | null;
  /** An error code or HTTP status, never personal data. */
  lastError: string | null;
  orderingSeq: number;
  createdAt: number;
  deliveredAt: number | null;
}

export const CaseStopNoticeEntity = new EntitySchema<CaseStopNoticeRow>({
  name: 'WalletCaseStopNotice',
  tableName: 'wallet_case_stop_notice',
  columns: {
    id: { type: 'varchar', primary: true },
    caseId: textColumn('case_id'),
    stopEndpoint: textColumn('stop_endpoint'),
    status: textColumn('status'),
    attempts: intColumn('attempts'),
    nextAttemptAt: epochColumn('next_attempt_at'),
    leaseUntil: epochColumn('lease_until', true),
    lastError: textColumn('last_error', true),
    orderingSeq: orderingSeqColumn,
    createdAt: epochColumn('created_at'),
    deliveredAt: epochColumn('delivered_at', true),
  },
  indices: [
    { name: 'idx_wallet_case_stop_notice_due', columns: ['status', 'nextAttemptAt'] },
    { name: 'idx_wallet_case_stop_notice_case', columns: ['caseId'] },
  ],
});
