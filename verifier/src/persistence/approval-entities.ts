import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * An approval request: a presentation request (same id) that also carries one
 * `min-profil/document-approval` transaction data entry. The document is kept as served (its
 * bytes, base64) so the hash can be checked again at any time; once approved, the evidence (the
 * vp_token as received, the verified claims) and the signed receipt are kept with it. Unlike the
 * claims of a plain presentation, this evidence is not purged: it is what the receipt stands on.
 */
export interface ApprovalEvidence {
  vp_token: Record<string, unknown[]>;
  claims: Record<string, unknown>;
}

export interface ApprovalRow {
  id: string;
  consumerId: string;
  title: string;
  mediaType: string;
  /** The document's bytes, base64. */
  document: string;
  documentHash: string;
  /** The unguessable part of `document_uri`. */
  documentToken: string;
  /** The base64url transaction data string exactly as sent in the request object. */
  transactionData: string;
  receiptId: string | null;
  receipt: string | null;
  evidence: ApprovalEvidence | null;
  approvedAt: number | null;
  createdAt: number;
}

export const ApprovalEntity = new EntitySchema<ApprovalRow>({
  name: 'Approval',
  tableName: 'approval_request',
  columns: {
    id: { type: 'varchar', primary: true },
    consumerId: textColumn('consumer_id'),
    title: textColumn('title'),
    mediaType: textColumn('media_type'),
    document: { type: 'text' },
    documentHash: textColumn('document_hash'),
    documentToken: { ...textColumn('document_token'), unique: true },
    transactionData: { type: 'text', name: 'transaction_data' },
    receiptId: { ...textColumn('receipt_id', true), unique: true },
    receipt: { type: 'text', nullable: true },
    evidence: jsonColumn('evidence', true),
    approvedAt: epochColumn('approved_at', true),
    createdAt: epochColumn('created_at'),
  },
  indices: [
    { name: 'idx_approval_request_approved', columns: ['approvedAt'], where: 'approved_at IS NOT NULL' },
  ],
});
