import type { OutboxClaim } from '@min-profil/shared/outbox/outbox-port';
import type { EntityManager } from 'typeorm';
import { profileVctOfOwner } from '../companies/company-owner.js';
import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type { LogEvent } from '../persistence/entities.js';
import type { ProfileDeliveryRow, StandingPermissionRow } from '../persistence/permission-entities.js';
import type { DeliveryVerdict } from './classify-delivery-answer.js';

/** How one attempt ends for the row: as the consumer answered, or superseded in the wallet. */
export type DeliverySettlement =
  | Exclude<DeliveryVerdict, { action: 'retry' | 'refetch_nonce' }>
  | { action: 'superseded' }
  | { action: 'retry'; error: string; nextAttemptAt: number };

/**
 * Writes the outcome of one attempt (the outbox worker's marks, delivery-outbox.ts): the row,
 * the permission (last delivered, or ended by the consumer) and, for a final outcome, the
 * person's log (who, which fields; never values), in one transaction. Tied to the claim's
 * lease: false for a row superseded meanwhile, or taken over by another worker after the lease
 * ran out, which is then not settled (nor logged) here. `nextAttemptAt` is epoch ms.
 */
export async function settleDelivery(
  ctx: WalletContext,
  claim: OutboxClaim<ProfileDeliveryRow>,
  permission: StandingPermissionRow | null,
  settlement: DeliverySettlement,
  profileVersion?: number,
): Promise<boolean> {
  const { row } = claim;
  const now = ctx.now();
  const attempts = claim.attempts + 1;
  const settle = (values: Record<string, unknown>, tx: EntityManager) =>
    ctx.permissions.outbox.settle(claim, values, tx);
  if (settlement.action === 'retry') {
    const values = {
      status: 'pending',
      attempts,
      lastError: settlement.error,
      nextAttemptAt: ctx.permissions.outbox.toUnit(settlement.nextAttemptAt),
    };
    return ctx.db.transaction((tx) => settle(values, tx));
  }
  if (!permission) return ctx.db.transaction((tx) => settle({ status: 'superseded' }, tx));
  const log = (tx: EntityManager, event: LogEvent, claims: string[], outcome: string) =>
    recordEvent(
      ctx,
      {
        accountId: row.accountId,
        event,
        counterparty: permission.clientId,
        counterpartyName: permission.consumerName,
        credentialTypes: [profileVctOfOwner(row.accountId)],
        claims,
        outcome,
      },
      tx,
    );
  return ctx.db.transaction(async (tx) => {
    const store = ctx.permissions;
    switch (settlement.action) {
      case 'superseded':
        return settle({ status: 'superseded' }, tx);
      case 'delivered': {
        const settled = await settle(
          { status: 'delivered', attempts, deliveredAt: now, lastError: null },
          tx,
        );
        if (row.kind === 'update') {
          // The consumer has this version either way (the update is monotonic).
          await store.recordDelivered(permission.id, now, profileVersion ?? row.profileVersion, tx);
          if (settled)
            await log(tx, 'profile_delivery', permission.fields, `delivered (${settlement.outcome})`);
        } else if (settled) {
          await log(tx, 'standing_permission', [], 'withdrawal delivered to the consumer');
        }
        return settled;
      }
      case 'consumer_withdrew': {
        const settled = await settle({ status: 'rejected', attempts, lastError: settlement.error }, tx);
        // The consumer's answer holds whatever became of this row.
        if (await store.withdrawPermission(permission.id, now, 'consumer', tx)) {
          await store.supersedePendingUpdates([permission.id], tx);
          await log(tx, 'standing_permission', permission.fields, 'withdrawn by the consumer');
        }
        return settled;
      }
      case 'rejected': {
        const settled = await settle({ status: 'rejected', attempts, lastError: settlement.error }, tx);
        if (settled) {
          await log(
            tx,
            row.kind === 'update' ? 'profile_delivery' : 'standing_permission',
            row.kind === 'update' ? permission.fields : [],
            `rejected (${settlement.error})`,
          );
        }
        return settled;
      }
    }
  });
}
