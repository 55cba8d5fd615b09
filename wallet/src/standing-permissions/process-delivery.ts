import type { WalletContext } from '../context.js';
import type { ProfileDeliveryRow } from '../persistence/permission-entities.js';
import { prepareDeliveryBody } from './create-delivery-body.js';
import { sendDelivery } from './send-delivery.js';
import { settleDelivery } from './settle-delivery.js';

/** One claimed outbox row: checked against its permission, sent, and settled. */
export async function processDelivery(ctx: WalletContext, row: ProfileDeliveryRow): Promise<void> {
  const permission = await ctx.permissions.findPermissionById(row.permissionId);
  if (!permission) {
    await ctx.permissions.settleDelivery(row.id, { status: 'superseded' }, row.leaseUntil);
    return;
  }
  // Never send an update after the permission ended (withdrawn by the person or the consumer).
  if (row.kind === 'update' && permission.status !== 'active') {
    await settleDelivery(ctx, row, permission, { action: 'superseded' });
    return;
  }
  let prepared;
  try {
    prepared = await prepareDeliveryBody(ctx, row, permission);
  } catch (error) {
    // The profile or its key cannot be read now (e.g. mid key rotation): try later.
    ctx.logger.warn({ delivery: row.id, err: (error as Error).message }, 'could not prepare a delivery');
    await settleDelivery(ctx, row, permission, { action: 'retry', error: 'wallet: could not sign' });
    return;
  }
  const verdict = await sendDelivery(ctx, permission, row, prepared.createBody).catch((error: unknown) => {
    ctx.logger.warn({ delivery: row.id, err: (error as Error).message }, 'delivery failed in the wallet');
    return { action: 'retry' as const, error: 'wallet: could not sign' };
  });
  await settleDelivery(ctx, row, permission, verdict, prepared.profileVersion);
}
