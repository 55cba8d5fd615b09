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
  // Tied to this worker's lease: a row superseded meanwhile, or taken over by another worker
  // after the lease ran out, is not settled (nor logged) here.
  const lease = row.leaseUntil;
  await ctx.db.transaction(async (tx) => {
    const store = ctx.permissions;
    switch (verdict.action) {
      case 'superseded':
        await store.settleDelivery(row.id, { status: 'superseded' }, lease, tx);
        return;
      case 'delivered': {
        const settled = await store.settleDelivery(
          row.id,
          { status: 'delivered', attempts, deliveredAt: now, lastError: null },
          lease,
          tx,
        );
        if (row.kind === 'update') {
          // The consumer has this version either way (the update is monotonic).
          await store.recordDelivered(permission.id, now, profileVersion ?? row.profileVersion, tx);
          if (settled) await log(tx, 'profile_delivery', permission.fields, `delivered (${verdict.outcome})`);
        } else if (settled) {
          await log(tx, 'standing_permission', [], 'withdrawal delivered to the consumer');
        }
        return;
      }
      case 'consumer_withdrew':
        await store.settleDelivery(
          row.id,
          { status: 'rejected', attempts, lastError: verdict.error },
          lease,
          tx,
        );
        // The consumer's answer holds whatever became of this row.
        if (await store.withdrawPermission(permission.id, now, 'consumer', tx)) {
          await store.supersedePendingUpdates([permission.id], tx);
          await log(tx, 'standing_permission', permission.fields, 'withdrawn by the consumer');
        }
        return;
      case 'rejected':
        if (
          await store.settleDelivery(
            row.id,
            { status: 'rejected', attempts, lastError: verdict.error },
            lease,
            tx,
          )
        ) {
          await log(
            tx,
            row.kind === 'update' ? 'profile_delivery' : 'standing_permission',
            row.kind === 'update' ? permission.fields : [],
            `rejected (${verdict.error})`,
          );
        }
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
          lease,
          tx,
        );
        return;
    }
  });
}
