import type { OutboxOutcome } from '@min-profil/shared/outbox/outbox-port';
import type { WalletContext } from '../context.js';
import type { ProfileDeliveryRow, StandingPermissionRow } from '../persistence/permission-entities.js';
import type { DeliveryVerdict } from './classify-delivery-answer.js';
import { prepareDeliveryBody } from './create-delivery-body.js';
import { sendDelivery } from './send-delivery.js';
import { orgNumberOfOwner } from '../companies/company-owner.js';
import { keepRenewedRecord } from '../consent-records/keep-consent-record.js';

/** What the marks need beyond the outcome: the permission and the consumer's verdict. */
export interface DeliveryDetail {
  permission: StandingPermissionRow | null;
  verdict: DeliveryVerdict | { action: 'superseded' };
  /** The profile version sent (the row's, or a newer one signed now). */
  profileVersion?: number;
}

/**
 * One attempt at one claimed outbox row: checked against its permission, sent; the outbox
 * worker marks the outcome (delivery-outbox.ts). A step failing in the wallet is a retry.
 */
export async function processDelivery(
  ctx: WalletContext,
  row: ProfileDeliveryRow,
  signal: AbortSignal,
): Promise<OutboxOutcome<DeliveryDetail>> {
  let permission: StandingPermissionRow | null;
  try {
    permission = await ctx.permissions.findPermissionById(row.permissionId);
  } catch (error) {
    ctx.logger.warn({ delivery: row.id, err: (error as Error).message }, 'delivery step failed');
    return { result: 'retry', error: 'wallet: delivery step failed' };
  }
  // Gone, or (for an update) ended by the person or the consumer: never sent.
  if (!permission || (row.kind === 'update' && permission.status !== 'active')) {
    return {
      result: 'refused',
      reason: 'superseded',
      detail: { permission, verdict: { action: 'superseded' } },
    };
  }
  let prepared;
  try {
    prepared = await prepareDeliveryBody(ctx, row, permission);
  } catch (error) {
    // The profile or its key cannot be read now (e.g. mid key rotation): try later.
    ctx.logger.warn({ delivery: row.id, err: (error as Error).message }, 'could not prepare a delivery');
    return { result: 'retry', error: 'wallet: could not sign' };
  }
  const verdict = await sendDelivery(ctx, permission, row, prepared.createBody, signal).catch(
    (error: unknown) => {
      ctx.logger.warn({ delivery: row.id, err: (error as Error).message }, 'delivery failed in the wallet');
      return { action: 'retry' as const, error: 'wallet: could not sign' };
    },
  );
  const detail = { permission, verdict, profileVersion: prepared.profileVersion };
  switch (verdict.action) {
    case 'delivered':
      // A company's permission has no person to keep a renewed record for.
      if (verdict.consentRecord?.nonce && !orgNumberOfOwner(permission.accountId))
        await keepRenewedRecord(ctx, permission, verdict.consentRecord);
      return { result: 'delivered', detail };
    case 'rejected':
    case 'consumer_withdrew':
      return { result: 'refused', reason: verdict.error, detail };
    default:
      return {
        result: 'retry',
        error: verdict.error,
        ...('retryAt' in verdict && verdict.retryAt ? { retryAt: verdict.retryAt } : {}),
        detail,
      };
  }
}
