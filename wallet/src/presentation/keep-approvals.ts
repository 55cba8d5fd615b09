import { randomUUID } from 'node:crypto';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { sealJson } from '../crypto/data-keys.js';
import type { ApprovalRecordRow, SealedApproval } from '../persistence/approval-entities.js';
import type { AccountRow, PresentationRequestRow } from '../persistence/entities.js';
import { openTransactionDocument } from './prepare-transaction-data.js';
import type { StoredPresentationRequest } from './resolve-presentation-request.js';

export const approvalAad = (id: string) => `approval:${id}`;

/**
 * The person keeps what they approved: per document, a record with the title, who asked and
 * when, and — sealed with their data key — the document, the transaction data and the claim
 * names that went out with it.
 */
export async function keepApprovals(options: {
  ctx: WalletContext;
  account: AccountRow;
  row: PresentationRequestRow;
  stored: StoredPresentationRequest;
  counterpartyName: Record<string, string> | null;
  claims: string[];
}): Promise<void> {
  const { ctx, account, row, stored } = options;
  const dataKey = dataKeyOf(ctx, account);
  for (const [index, entry] of (stored.transactionData ?? []).entries()) {
    const id = randomUUID();
    const sealed: SealedApproval = {
      document: openTransactionDocument(ctx, account, row.id, index, entry).toString('base64'),
      transaction_data: entry.raw,
      claims: options.claims,
    };
    const record: ApprovalRecordRow = {
      id,
      accountId: account.id,
      presentationRequestId: row.id,
      clientId: stored.client.effective,
      counterpartyName: options.counterpartyName,
      title: entry.value.title,
      mediaType: entry.value.media_type,
      documentHash: entry.value.document_hash,
      approvedAt: ctx.now(),
      sealed: sealJson(dataKey, approvalAad(id), sealed),
    };
    await ctx.store.insertApproval(record);
  }
}
