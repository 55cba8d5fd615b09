import { In, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { createOutboxTable } from '@min-profil/shared/outbox/outbox-table';
import { nextOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';
import {
  ProfileDeliveryEntity,
  StandingPermissionEntity,
  type NewDelivery,
  type ProfileDeliveryRow,
  type StandingPermissionRow,
  type WithdrawnBy,
} from './permission-entities.js';

/**
 * Data access for standing permissions and their delivery outbox. State changes that two
 * workers (or a worker and the person) could race on are conditional UPDATEs whose
 * affected-row count decides who won.
 */
export function createPermissionStore(db: Database) {
  const ds = db.dataSource;
  const m = (manager?: EntityManager) => manager ?? ds.manager;
  const outbox = createOutboxTable<ProfileDeliveryRow>({
    dataSource: ds,
    entity: ProfileDeliveryEntity,
    table: 'wallet_profile_delivery',
    unitMs: 1000,
    keyColumn: 'permission_id',
  });

  return {
    async insertPermission(row: StandingPermissionRow, manager?: EntityManager): Promise<void> {
      await m(manager).getRepository(StandingPermissionEntity).insert(row);
    },
    async findPermission(
      accountId: string,
      id: string,
      manager?: EntityManager,
    ): Promise<StandingPermissionRow | null> {
      return m(manager).getRepository(StandingPermissionEntity).findOneBy({ accountId, id });
    },
    async findPermissionById(id: string, manager?: EntityManager): Promise<StandingPermissionRow | null> {
      return m(manager).getRepository(StandingPermissionEntity).findOneBy({ id });
    },
    async listPermissions(accountId: string): Promise<StandingPermissionRow[]> {
      return ds
        .getRepository(StandingPermissionEntity)
        .find({ where: { accountId }, order: { createdAt: 'DESC', id: 'ASC' } });
    },
    /** The account's active permissions, read in `manager`'s transaction. */
    async listActivePermissions(accountId: string, manager: EntityManager): Promise<StandingPermissionRow[]> {
      return manager
        .getRepository(StandingPermissionEntity)
        .find({ where: { accountId, status: 'active' }, order: { createdAt: 'ASC', id: 'ASC' } });
    },
    async setFields(id: string, fields: string[], manager?: EntityManager): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(StandingPermissionEntity)
        .set({ fields: fields as never })
        .where("id = :id AND status = 'active'", { id })
        .execute();
      return result.affected === 1;
    },
    /** Ends an active permission; false when it had already ended. */
    async withdrawPermission(
      id: string,
      now: number,
      by: WithdrawnBy,
      manager?: EntityManager,
    ): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(StandingPermissionEntity)
        .set({ status: 'withdrawn', withdrawnAt: now, withdrawnBy: by })
        .where("id = :id AND status = 'active'", { id })
        .execute();
      return result.affected === 1;
    },
    /** Keeps the newest delivered version (deliveries may finish out of order). */
    async recordDelivered(id: string, now: number, version: number, manager?: EntityManager): Promise<void> {
      await m(manager)
        .createQueryBuilder()
        .update(StandingPermissionEntity)
        .set({ lastDeliveredAt: now, lastDeliveredVersion: version })
        .where('id = :id AND (last_delivered_version IS NULL OR last_delivered_version <= :version)', {
          id,
          version,
        })
        .execute();
    },

    // the outbox
    async insertDeliveries(rows: NewDelivery[], manager?: EntityManager): Promise<void> {
      await insertDeliveryRows(m(manager), rows);
    },
    /** Pending updates of a permission no longer need sending (withdrawn, or a newer one queued). */
    async supersedePendingUpdates(permissionIds: string[], manager?: EntityManager): Promise<void> {
      if (permissionIds.length === 0) return;
      await m(manager)
        .createQueryBuilder()
        .update(ProfileDeliveryEntity)
        // A lease held stays until its worker lets go: the permission's next row waits for it.
        .set({ status: 'superseded' })
        .where("permission_id IN (:...permissionIds) AND kind = 'update' AND status = 'pending'", {
          permissionIds,
        })
        .execute();
    },
    /**
     * The profile moved on since the row was queued: the row gets a new change_id for the
     * version it will now carry, saved before sending. Only while this worker's lease holds.
     */
    async renewChangeId(
      id: string,
      claimedLease: number | null,
      values: Pick<ProfileDeliveryRow, 'changeId' | 'profileVersion'>,
    ): Promise<boolean> {
      const result = await ds
        .createQueryBuilder()
        .update(ProfileDeliveryEntity)
        .set(values)
        .where("id = :id AND status = 'pending' AND lease_until = :claimedLease", { id, claimedLease })
        .execute();
      return result.affected === 1;
    },
    /**
     * The delivery outbox's rows for the outbox worker (shared/src/outbox/outbox-table.ts):
     * claims under a lease, one row of a permission at a time; its marks are settle-delivery.ts.
     */
    outbox,
    async listDeliveries(
      accountId: string,
      permissionId: string,
      limit = 100,
    ): Promise<ProfileDeliveryRow[]> {
      return ds.getRepository(ProfileDeliveryEntity).find({
        where: { accountId, permissionId },
        // Newest first; within one second a withdrawal comes after (above) the updates.
        order: { createdAt: 'DESC', profileVersion: 'DESC', kind: 'DESC', id: 'ASC' },
        take: limit,
      });
    },
    /** Pending and rejected deliveries of the account's permissions, for the overview. */
    async listOpenDeliveries(accountId: string): Promise<ProfileDeliveryRow[]> {
      return ds.getRepository(ProfileDeliveryEntity).find({
        where: { accountId, status: In(['pending', 'rejected']) },
        order: { createdAt: 'DESC', id: 'ASC' },
      });
    },
  };
}

/**
 * Inserts outbox rows in `manager`'s transaction, numbered in the order given: the rows of one
 * permission are delivered in that order.
 */
export async function insertDeliveryRows(manager: EntityManager, rows: NewDelivery[]): Promise<void> {
  const orderingSeq = nextOrderingSeq(manager, 'wallet_profile_delivery');
  for (const row of rows) await manager.getRepository(ProfileDeliveryEntity).insert({ ...row, orderingSeq });
}

export type PermissionStore = ReturnType<typeof createPermissionStore>;
