import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  ProfileDeliveryEntity,
  StandingPermissionEntity,
  type NewDelivery,
  type StandingPermissionRow,
} from '../persistence/permission-entities.js';
import { insertDeliveryRows } from '../persistence/permission-store.js';
import { signalDeliveriesEnqueued } from './delivery-signal.js';

/** A fresh `change_id`: the consumer's idempotency key for one delivery of one change. */
export function createChangeId(): string {
  return randomBytes(16).toString('base64url');
}

export function newUpdateRow(
  permission: Pick<StandingPermissionRow, 'id' | 'accountId'>,
  profileVersion: number,
  now: number,
): NewDelivery {
  return {
    id: randomUUID(),
    permissionId: permission.id,
    accountId: permission.accountId,
    kind: 'update',
    changeId: createChangeId(),
    profileVersion,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    leaseUntil: null,
    createdAt: now,
    deliveredAt: null,
  };
}

/**
 * Queues an update of each of the given permissions. Older updates still pending for them are
 * superseded: every update carries the whole current profile, so only the newest matters.
 */
export async function enqueueUpdates(
  manager: EntityManager,
  permissions: Array<Pick<StandingPermissionRow, 'id' | 'accountId'>>,
  profileVersion: number,
  now: number,
): Promise<NewDelivery[]> {
  const rows = permissions.map((permission) => newUpdateRow(permission, profileVersion, now));
  if (rows.length === 0) return rows;
  // A lease held stays until its worker lets go: the permission's new row waits for it.
  await manager
    .createQueryBuilder()
    .update(ProfileDeliveryEntity)
    .set({ status: 'superseded' })
    .where('permission_id IN (:...ids)', { ids: permissions.map((p) => p.id) })
    .andWhere("kind = 'update' AND status = 'pending'")
    .execute();
  await insertDeliveryRows(manager, rows);
  signalDeliveriesEnqueued(manager);
  return rows;
}

/**
 * Called inside the transaction that saves a new profile version: one outbox row per active
 * standing permission of the account, delivered after the commit.
 */
export async function enqueueProfileDeliveries(
  manager: EntityManager,
  accountId: string,
  profileVersion: number,
  now: number,
): Promise<void> {
  const permissions = await manager.find(StandingPermissionEntity, {
    where: { accountId, status: 'active' },
    select: { id: true, accountId: true },
  });
  await enqueueUpdates(manager, permissions, profileVersion, now);
}
