import type { ApprovalRow } from '../persistence/approval-entities.js';
import { documentUri } from './create-approval-request.js';

/** The approval part of a result (GET, webhook): the document, and the receipt once approved. */
export function describeApproval(baseUrl: string, approval: ApprovalRow) {
  return {
    title: approval.title,
    media_type: approval.mediaType,
    document_uri: documentUri(baseUrl, approval.documentToken),
    document_hash: approval.documentHash,
    document_hash_alg: 'sha-256',
    transaction_data: approval.transactionData,
    ...(approval.receipt
      ? {
          approved_at: new Date(approval.approvedAt! * 1000).toISOString(),
          receipt_id: approval.receiptId,
          receipt: approval.receipt,
          receipt_uri: `${baseUrl}/api/approval-receipts/${approval.receiptId}`,
        }
      : {}),
  };
}
