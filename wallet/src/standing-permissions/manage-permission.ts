import { OAuthError } from '@min-profil/shared/errors';
import { profileVctOfOwner } from '../companies/company-owner.js';
import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type { AccountRow } from '../persistence/entities.js';
import type { StandingPermissionRow } from '../persistence/permission-entities.js';
import { signalDeliveriesEnqueued } from './delivery-signal.js';
import { createChangeId, enqueueUpdates } from './enqueue-profile-deliveries.js';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

async function findOrFail(
  ctx: WalletContext,
  account: AccountRow,
  id: string,
): Promise<StandingPermissionRow> {
  const row = await ctx.permissions.findPermission(account.id, id);
  if (!row) throw new OAuthError('not_found', 'no such standing permission');
  return row;
}

/** Refuses fields beyond what the permission was granted with (the consumer would refuse them). */
export function assertWithinGranted(
  row: StandingPermissionRow,
  fields: string[],
  hint = '',
  status = 400,
): void {
  const beyond = fields.filter((f) => !row.grantedFields.includes(f));
  if (beyond.length > 0) {
    throw new OAuthError(
      'invalid_request',
      `only fields granted at the start can be shared under this permission; not: ${beyond.join(', ')}${hint}`,
      { status },
    );
  }
}

/**
 * Inside a transaction: sets the fields of an active permission, raises the profile version so
 * the consumer applies the changed copy instead of calling it stale, logs it and queues the
 * delivery (to this permission only; the others see the gap next time). Returns the new version.
 */
export async function changeFieldsIn(
  ctx: WalletContext,
  manager: EntityManager,
  row: StandingPermissionRow,
  fields: string[],
  now: number,
): Promise<number> {
  if (!(await ctx.permissions.setFields(row.id, fields, manager)))
    throw new OAuthError('invalid_request', 'the standing permission has ended', { status: 409 });
  const version = await ctx.profiles.bumpVersion(row.accountId, now, manager);
  await recordEvent(
    ctx,
    {
      accountId: row.accountId,
      event: 'standing_permission',
      counterparty: row.clientId,
      counterpartyName: row.consumerName,
      credentialTypes: [profileVctOfOwner(row.accountId)],
      claims: fields,
      outcome: 'fields changed',
    },
    manager,
  );
  await enqueueUpdates(manager, [row], version, now);
  return version;
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
  assertWithinGranted(row, fields);
  const now = ctx.now();
  await ctx.db.transaction((manager) => changeFieldsIn(ctx, manager, row, fields, now));
  return { ...row, fields };
}

/** Queues telling the consumer that a permission ended (through the outbox, with retries). */
export async function enqueueWithdrawal(
  ctx: WalletContext,
  manager: EntityManager,
  row: Pick<StandingPermissionRow, 'id' | 'accountId' | 'lastDeliveredVersion'>,
  now: number,
): Promise<void> {
  await ctx.permissions.insertDeliveries(
    [
      {
        id: randomUUID(),
        permissionId: row.id,
        accountId: row.accountId,
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
  signalDeliveriesEnqueued(manager);
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
  return withdrawPermissionOf(ctx, account.id, id);
}

/**
 * Withdraws a permission of this owner: a person's account, or a company
 * (companies/company-owner.ts, after the caller checked a current signatory).
 */
export async function withdrawPermissionOf(
  ctx: WalletContext,
  ownerId: string,
  id: string,
): Promise<StandingPermissionRow> {
  const row = await ctx.permissions.findPermission(ownerId, id);
  if (!row) throw new OAuthError('not_found', 'no such standing permission');
  const now = ctx.now();
  const withdrawn = await ctx.db.transaction(async (manager) => {
    if (!(await ctx.permissions.withdrawPermission(row.id, now, 'person', manager))) return false;
    await ctx.permissions.supersedePendingUpdates([row.id], manager);
    await enqueueWithdrawal(ctx, manager, row, now);
    await recordEvent(
      ctx,
      {
        accountId: ownerId,
        event: 'standing_permission',
        counterparty: row.clientId,
        counterpartyName: row.consumerName,
        credentialTypes: [profileVctOfOwner(row.accountId)],
        claims: row.fields,
        outcome: 'withdrawn by you',
      },
      manager,
    );
    return true;
  });
  return withdrawn ? { ...row, status: 'withdrawn', withdrawnAt: now, withdrawnBy: 'person' } : row;
}

/**
 * A new grant to a consumer replaces any permission the person already gave it: one body, one
 * standing permission. The earlier ones end in the same transaction as the new one is stored,
 * and their consumers are told through the outbox.
 */
export async function replaceEarlierPermissions(
  ctx: WalletContext,
  manager: EntityManager,
  kept: Pick<StandingPermissionRow, 'id' | 'accountId' | 'clientId'>,
  now: number,
): Promise<void> {
  const earlier = (await ctx.permissions.listActivePermissions(kept.accountId, manager)).filter(
    (p) => p.clientId === kept.clientId && p.id !== kept.id,
  );
  for (const row of earlier) {
    if (!(await ctx.permissions.withdrawPermission(row.id, now, 'person', manager))) continue;
    await ctx.permissions.supersedePendingUpdates([row.id], manager);
    await enqueueWithdrawal(ctx, manager, row, now);
    await recordEvent(
      ctx,
      {
        accountId: row.accountId,
        event: 'standing_permission',
        counterparty: row.clientId,
        counterpartyName: row.consumerName,
        credentialTypes: [profileVctOfOwner(row.accountId)],
        claims: row.fields,
        outcome: 'replaced by a new permission',
      },
      manager,
    );
  }
}

export { findOrFail as findPermissionOrFail };
