import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * A document the person approved. The metadata is in clear for listing; the document
 * itself, the transaction data and the claim names sent are sealed with the person's data key
 * (AAD `approval:<id>`), like credentials.
 */
export interface ApprovalRecordRow {
  id: string;
  accountId: string;
  presentationRequestId: string;
  clientId: string;
  counterpartyName: Record<string, string> | null;
  title: string;
  mediaType: string;
  documentHash: string;
  approvedAt: number;
  sealed: string;
}

/** What `sealed` holds. */
export interface SealedApproval {
  document: string;
  transaction_data: string;
  claims: string[];
}

export const ApprovalRecordEntity = new EntitySchema<ApprovalRecordRow>({
  name: 'WalletApproval',
  tableName: 'wallet_approval',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    presentationRequestId: textColumn('presentation_request_id'),
    clientId: textColumn('client_id'),
    counterpartyName: jsonColumn('counterparty_name', true),
    title: { name: 'title', type: 'text' },
    mediaType: textColumn('media_type'),
    documentHash: textColumn('document_hash'),
    approvedAt: epochColumn('approved_at'),
    sealed: { name: 'sealed', type: 'text' },
  },
});
