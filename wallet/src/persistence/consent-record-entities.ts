import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * A consent record a consumer gave the wallet for a share (docs/consent-records.md), kept
 * with the share's log entry. The signed record names fields, never values, and is kept as
 * received; its capability (the secret that reads the consumer's uses and asks for erasure)
 * is sealed with the person's data key (AAD `consent-record:<id>`), like credentials.
 */
export type DeletionState = 'none' | 'requested' | 'deleted' | 'refused' | 'failed';

export interface ConsentRecordRow {
  /** The wallet's id (the consumer's `record_id` is in `record`). */
  id: string;
  accountId: string;
  /** Null for a record renewed by a standing permission's delivery (no share of its own in the log). */
  logEntryId: string | null;
  presentationRequestId: string | null;
  clientId: string;
  counterpartyName: Record<string, string> | null;
  /** The signed record (`consent-record+jwt`), verified before it was stored. */
  record: string;
  capability: string;
  receivedAt: number;
  deletionState: DeletionState;
  /** The consumer's signed answer (`deletion-answer+jwt`), or a reason code when it failed. */
  deletionAnswer: string | null;
  deletionRequestedAt: number | null;
}

export const ConsentRecordEntity = new EntitySchema<ConsentRecordRow>({
  name: 'WalletConsentRecord',
  tableName: 'wallet_consent_record',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    logEntryId: textColumn('log_entry_id', true),
    presentationRequestId: textColumn('presentation_request_id', true),
    clientId: textColumn('client_id'),
    counterpartyName: jsonColumn('counterparty_name', true),
    record: { name: 'record', type: 'text' },
    capability: { name: 'capability', type: 'text' },
    receivedAt: epochColumn('received_at'),
    deletionState: textColumn('deletion_state'),
    deletionAnswer: { name: 'deletion_answer', type: 'text', nullable: true },
    deletionRequestedAt: epochColumn('deletion_requested_at', true),
  },
});
