import { OAuthError } from '@min-profil/shared/errors';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type { AccountRow } from '../persistence/entities.js';
import type { StandingPermissionRow } from '../persistence/permission-entities.js';
import { signalDeliveriesEnqueued } from './delivery-signal.js';
import { createChangeId, enqueueUpdates } from './enqueue-profile-deliveries.js';
import { randomUUID } from 'node:crypto';

async function findOrFail(
  ctx: WalletContext,
  account: AccountRow,
  id: string,
): Promise<StandingPermissionRow> {
  const row = await ctx.permissions.findPermission(account.id, id);
  if (!row) throw new OAuthError('not_found', 'no such standing permission');
  return row;
}

/**
 * The person changes which fields a consumer gets: the change is delivered like a profile change.
 * Only fields granted at the start: the consumer refuses anything beyond its permission.
 */
export async function changePermissionFields(
  ctx: WalletContext,
  account: AccountRow,
  id: string,
  fields: string[],
): Promise<StandingPermissionRow> {
  const row = await findOrFail(ctx, account, id);
  if (row.status !== 'active')
    throw new OAuthError('invalid_request', 'the standing permission has ended', { status: 409 });
  const beyond = fields.filter((f) => !row.grantedFields.includes(f));
  if (beyond.length > 0) {
    throw new OAuthError(
      'invalid_request',
      `only fields granted at the start can be shared under this permission; not: ${beyond.join(', ')}`,
    );
  }
  const now = ctx.now();
  await ctx.db.transaction(async (manager) => {
    if (!(await ctx.permissions.setFields(row.id, fields, manager)))
      throw new OAuthError('invalid_request', 'the standing permission has ended', { status: 409 });
    // A new profile version, so the consumer applies the narrower copy instead of calling it
    // stale; only this permission gets a delivery now, the others see the gap next time.
    const version = await ctx.profiles.bumpVersion(account.id, now, manager);
    await recordEvent(
      ctx,
      {
        accountId: account.id,
        event: 'standing_permission',
        counterparty: row.clientId,
        counterpartyName: row.consumerName,
        credentialTypes: [contactProfileVct],
        claims: fields,
        outcome: 'fields changed',
      },
      manager,
    );
    await enqueueUpdates(manager, [row], version, now);
  });
  return { ...row, fields };
}

/**
 * One click ends a permission: nothing more is sent from now on (pending updates are
 * superseded) and the consumer is told through the outbox, with retries. Withdrawing again
 * changes nothing.
 */
export async function withdrawStandingPermission(
  ctx: WalletContext,
  account: AccountRow,
  id: string,
): Promise<StandingPermissionRow> {
  const row = await findOrFail(ctx, account, id);
  const now = ctx.now();
  const withdrawn = await ctx.db.transaction(async (manager) => {
    if (!(await ctx.permissions.withdrawPermission(row.id, now, 'person', manager))) return false;
    await ctx.permissions.supersedePendingUpdates([row.id], manager);
    await ctx.permissions.insertDeliveries(
      [
        {
          id: randomUUID(),
          permissionId: row.id,
          accountId: account.id,
          kind: 'withdrawal',
          changeId: createChangeId(),
          profileVersion: row.lastDeliveredVersion ?? 0,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          lastError: null,
          leaseUntil: null,
          createdAt: now,
          deliveredAt: null,
        },
      ],
      manager,
    );
    await recordEvent(
      ctx,
      {
        accountId: account.id,
        event: 'standing_permission',
        counterparty: row.clientId,
        counterpartyName: row.consumerName,
        credentialTypes: [contactProfileVct],
        claims: row.fields,
        outcome: 'withdrawn by you',
      },
      manager,
    );
    signalDeliveriesEnqueued(manager);
    return true;
  });
  return withdrawn ? { ...row, status: 'withdrawn', withdrawnAt: now, withdrawnBy: 'person' } : row;
}

export { findOrFail as findPermissionOrFail };
