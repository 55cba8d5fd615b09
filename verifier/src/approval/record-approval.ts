import type { VerifierContext } from '../context.js';
import type { ApprovalRow } from '../persistence/approval-entities.js';
import type { VerifiedClaims } from '../persistence/entities.js';
import { issueApprovalReceipt } from './approval-receipt.js';

/** What the verification of an approval's presentations expects (OpenID4VP 1.0 §8.4). */
export function transactionDataExpectation(approval: ApprovalRow | null) {
  if (!approval) return undefined;
  const value = JSON.parse(Buffer.from(approval.transactionData, 'base64url').toString('utf8')) as {
    credential_ids: string[];
    transaction_data_hashes_alg?: string[];
  };
  return [
    {
      raw: approval.transactionData,
      credentialIds: value.credential_ids,
      hashAlgs: value.transaction_data_hashes_alg ?? ['sha-256'],
    },
  ];
}

/**
 * After every check passed: keep the evidence (the vp_token as received and the verified claims)
 * and sign the receipt with the consumer's key. Runs once per request (the request's state was
 * consumed before verification).
 */
export async function recordApproval(options: {
  ctx: VerifierContext;
  approval: ApprovalRow;
  vpToken: unknown;
  claims: VerifiedClaims;
  now: number;
}): Promise<void> {
  const { ctx, approval, now } = options;
  const consumer = ctx.consumers.get(approval.consumerId)!;
  const vpToken = (
    typeof options.vpToken === 'string' ? JSON.parse(options.vpToken) : options.vpToken
  ) as Record<string, unknown[]>;
  const { receiptId, receipt } = await issueApprovalReceipt({
    consumer,
    approval,
    approver: options.claims,
    now,
  });
  await ctx.approvals.recordApproval(approval.id, {
    receiptId,
    receipt,
    evidence: { vp_token: vpToken, claims: options.claims },
    approvedAt: now,
  });
  ctx.logger.info({ request: approval.id, receipt: receiptId }, 'approval recorded');
}
