import { randomUUID } from 'node:crypto';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { sealJson } from '../crypto/data-keys.js';
import type { AccountRow, HeldCredentialRow, PresentationRequestRow } from '../persistence/entities.js';
import type { PlannedAnswer } from '../presentation/plan-answer.js';
import type { StoredPresentationRequest } from '../presentation/resolve-presentation-request.js';
import { ConsumerJwtRefused } from './verify-consumer-jwt.js';
import { verifyConsentRecord } from './verify-consent-record.js';

export const capabilityAad = (id: string) => `consent-record:${id}`;

/**
 * Keeps the consent record the verifier returned for a share, once it verified against the
 * share (verify-consent-record.ts), with the share's log entry; the capability sealed with the
 * person's data key. A record that does not verify is dropped and logged (reason code only):
 * the share itself has happened either way.
 */
export async function keepConsentRecord(
  ctx: WalletContext,
  share: {
    account: AccountRow;
    row: PresentationRequestRow;
    stored: StoredPresentationRequest;
    plan: Array<PlannedAnswer<HeldCredentialRow>>;
    logEntryId: string;
    counterpartyName: Record<string, string> | null;
    received: { record: string; capability: string };
  },
): Promise<void> {
  const { account, stored } = share;
  try {
    await verifyConsentRecord(ctx, share, share.received.record);
  } catch (error) {
    if (!(error instanceof ConsumerJwtRefused)) throw error;
    ctx.logger.warn({ verifier: stored.client.effective, reason: error.reason }, 'consent record dropped');
    return;
  }
  // The wallet's own id: a consumer's record_id is its business and need not be unique here.
  const id = randomUUID();
  await ctx.store.insertConsentRecord({
    id,
    accountId: account.id,
    logEntryId: share.logEntryId,
    presentationRequestId: share.row.id,
    clientId: stored.client.effective,
    counterpartyName: share.counterpartyName,
    record: share.received.record,
    capability: sealJson(dataKeyOf(ctx, account), capabilityAad(id), share.received.capability),
    receivedAt: ctx.now(),
    deletionState: 'none',
    deletionAnswer: null,
    deletionRequestedAt: null,
  });
}
