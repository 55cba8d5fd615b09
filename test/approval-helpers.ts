import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { getJson, postJson } from '../issuer/test/wallet-client.js';

/** The body's system asks a person to approve a document. */
export async function createApprovalRequest(
  verifier: RunningVerifier,
  consumerId: string,
  body: Record<string, unknown>,
) {
  return postJson(`${verifier.url}/api/approval-requests`, body, {
    authorization: `Bearer ${verifier.apiKeys[consumerId]}`,
  });
}

export async function readApprovalResult(verifier: RunningVerifier, consumerId: string, id: string) {
  return getJson(`${verifier.url}/api/approval-requests/${id}`, {
    authorization: `Bearer ${verifier.apiKeys[consumerId]}`,
  });
}

/** Anyone holding a receipt asks the verifier to check it against the stored evidence. */
export async function verifyReceipt(verifier: RunningVerifier, receipt: string) {
  return postJson(`${verifier.url}/api/approval-receipts/verify`, { receipt });
}

/** Changes a stored approval behind the verifier's back (a tampered document, another type). */
export async function tamperApproval(
  verifier: RunningVerifier,
  id: string,
  change: { document?: string; transactionData?: string },
): Promise<void> {
  await verifier.ctx.db.dataSource
    .getRepository('Approval')
    .update({ id }, change as Record<string, unknown>);
}
