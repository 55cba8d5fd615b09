import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import type { EntityManager } from 'typeorm';
import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type { LogEvent } from '../persistence/entities.js';
import type { ProfileDeliveryRow, StandingPermissionRow } from '../persistence/permission-entities.js';
import type { DeliveryVerdict } from './classify-delivery-answer.js';
import { nextAttemptAt } from './next-attempt-at.js';

/**
 * Writes the outcome of one attempt: the row, the permission (last delivered, or ended by the
 * consumer) and, for a final outcome, the person's log (who, which fields; never values), in
 * one transaction.
 */
export async function settleDelivery(
  ctx: WalletContext,
  row: ProfileDeliveryRow,
  permission: StandingPermissionRow,
  verdict: DeliveryVerdict | { action: 'superseded' },
  profileVersion?: number,
): Promise<void> {
  const now = ctx.now();
  const attempts = row.attempts + 1;
  const log = (tx: EntityManager, event: LogEvent, claims: string[], outcome: string) =>
    recordEvent(
      ctx,
      {
        accountId: row.accountId,
        event,
        counterparty: permission.clientId,
        counterpartyName: permission.consumerName,
        credentialTypes: [contactProfileVct],
        claims,
        outcome,
      },
      tx,
    );
  await ctx.db.transaction(async (tx) => {
    const store = ctx.permissions;
    switch (verdict.action) {
      case 'superseded':
        await store.settleDelivery(row.id, { status: 'superseded' }, tx);
        return;
      case 'delivered':
        await store.settleDelivery(
          row.id,
          { status: 'delivered', attempts, deliveredAt: now, lastError: null },
          tx,
        );
        if (row.kind === 'update') {
          await store.recordDelivered(permission.id, now, profileVersion ?? row.profileVersion, tx);
          await log(tx, 'profile_delivery', permission.fields, `delivered (${verdict.outcome})`);
        } else {
          await log(tx, 'standing_permission', [], 'withdrawal delivered to the consumer');
        }
        return;
      case 'consumer_withdrew':
        await store.settleDelivery(row.id, { status: 'rejected', attempts, lastError: verdict.error }, tx);
        if (await store.withdrawPermission(permission.id, now, 'consumer', tx)) {
          await store.supersedePendingUpdates([permission.id], tx);
          await log(tx, 'standing_permission', permission.fields, 'withdrawn by the consumer');
        }
        return;
      case 'rejected':
        await store.settleDelivery(row.id, { status: 'rejected', attempts, lastError: verdict.error }, tx);
        await log(
          tx,
          row.kind === 'update' ? 'profile_delivery' : 'standing_permission',
          row.kind === 'update' ? permission.fields : [],
          `rejected (${verdict.error})`,
        );
        return;
      case 'retry':
      case 'refetch_nonce':
        await store.settleDelivery(
          row.id,
          {
            status: 'pending',
            attempts,
            lastError: verdict.error,
            nextAttemptAt: nextAttemptAt({
              now,
              attempts,
              baseSeconds: ctx.settings.deliveryRetryBaseSeconds,
              capSeconds: ctx.settings.deliveryRetryCapSeconds,
            }),
          },
          tx,
        );
        return;
    }
  });
}
