import { randomUUID } from 'node:crypto';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { sealJson } from '../crypto/data-keys.js';
import type { AccountRow, HeldCredentialRow, PresentationRequestRow } from '../persistence/entities.js';
import type { PlannedAnswer } from '../presentation/plan-answer.js';
import type { StoredPresentationRequest } from '../presentation/resolve-presentation-request.js';
import { ConsumerJwtRefused } from './verify-consumer-jwt.js';
import { checkConsentRecord, verifyConsentRecord } from './verify-consent-record.js';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import type { StandingPermissionRow } from '../persistence/permission-entities.js';
import type { ConsentRecordRow } from '../persistence/consent-record-entities.js';

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
  await storeRecord(ctx, account, {
    logEntryId: share.logEntryId,
    presentationRequestId: share.row.id,
    clientId: stored.client.effective,
    counterpartyName: share.counterpartyName,
    received: share.received,
  });
}

/** Stored with a fresh wallet id (a consumer's record_id is its business), the capability sealed. */
async function storeRecord(
  ctx: WalletContext,
  account: AccountRow,
  record: Pick<ConsentRecordRow, 'logEntryId' | 'presentationRequestId' | 'clientId' | 'counterpartyName'> & {
    received: { record: string; capability: string };
  },
): Promise<void> {
  const id = randomUUID();
  await ctx.store.insertConsentRecord({
    id,
    accountId: account.id,
    logEntryId: record.logEntryId,
    presentationRequestId: record.presentationRequestId,
    clientId: record.clientId,
    counterpartyName: record.counterpartyName,
    record: record.received.record,
    capability: sealJson(dataKeyOf(ctx, account), capabilityAad(id), record.received.capability),
    receivedAt: ctx.now(),
    deletionState: 'none',
    deletionAnswer: null,
    deletionRequestedAt: null,
  });
}

/**
 * A standing permission's renewed record (its fields changed): checked against the permission
 * (its consumer, the c_nonce of the update, only fields of the permission, endpoints at its
 * update endpoint's origin) and kept like a presentation's. Never fails the delivery.
 */
export async function keepRenewedRecord(
  ctx: WalletContext,
  permission: StandingPermissionRow,
  received: { record: string; capability: string; nonce?: string },
): Promise<void> {
  try {
    await checkConsentRecord(
      ctx,
      {
        clientId: permission.clientId,
        nonce: received.nonce,
        answeredAt: permission.updateEndpoint,
        sent: (r) =>
          r.vct === contactProfileVct && r.claims.every((claim) => permission.fields.includes(claim)),
      },
      received.record,
    );
    const account = await ctx.store.findAccount(permission.accountId);
    if (!account) return;
    await storeRecord(ctx, account, {
      logEntryId: null,
      presentationRequestId: null,
      clientId: permission.clientId,
      counterpartyName: permission.consumerName,
      received,
    });
  } catch (error) {
    const reason = error instanceof ConsumerJwtRefused ? error.reason : 'not_stored';
    ctx.logger.warn({ verifier: permission.clientId, reason }, 'renewed consent record dropped');
  }
}
