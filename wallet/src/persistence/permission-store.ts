import { In, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import {
  ProfileDeliveryEntity,
  StandingPermissionEntity,
  type DeliveryStatus,
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
    async insertDeliveries(rows: ProfileDeliveryRow[], manager?: EntityManager): Promise<void> {
      if (rows.length > 0) await m(manager).getRepository(ProfileDeliveryEntity).insert(rows);
    },
    /** Pending updates of a permission no longer need sending (withdrawn, or a newer one queued). */
    async supersedePendingUpdates(permissionIds: string[], manager?: EntityManager): Promise<void> {
      if (permissionIds.length === 0) return;
      await m(manager)
        .createQueryBuilder()
        .update(ProfileDeliveryEntity)
        .set({ status: 'superseded', leaseUntil: null })
        .where("permission_id IN (:...permissionIds) AND kind = 'update' AND status = 'pending'", {
          permissionIds,
        })
        .execute();
    },
    /** Candidates for a claim: due, pending and not leased by a live worker. */
    async listDueDeliveryIds(now: number, limit: number): Promise<string[]> {
      const rows = await ds
        .getRepository(ProfileDeliveryEntity)
        .createQueryBuilder('d')
        .select('d.id', 'id')
        .where("d.status = 'pending' AND d.next_attempt_at <= :now", { now })
        .andWhere('(d.lease_until IS NULL OR d.lease_until < :now)', { now })
        .orderBy('d.next_attempt_at', 'ASC')
        .addOrderBy('d.created_at', 'ASC')
        .limit(limit)
        .getRawMany<{ id: string }>();
      return rows.map((r) => r.id);
    },
    /**
     * Takes a row for one worker until `leaseUntil`. The WHERE re-checks the lease, so of two
     * wallet instances racing on one PostgreSQL database exactly one gets affected = 1 (the other
     * waits on the row lock, then sees the new lease).
     */
    async claimDelivery(id: string, now: number, leaseUntil: number): Promise<ProfileDeliveryRow | null> {
      const result = await ds
        .createQueryBuilder()
        .update(ProfileDeliveryEntity)
        .set({ leaseUntil })
        .where("id = :id AND status = 'pending' AND next_attempt_at <= :now", { id, now })
        .andWhere('(lease_until IS NULL OR lease_until < :now)', { now })
        .execute();
      if (result.affected !== 1) return null;
      return ds.getRepository(ProfileDeliveryEntity).findOneBy({ id });
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
     * Settles a claimed row; false when it was superseded meanwhile or its lease ran out and
     * another worker claimed it (`claimedLease`: the lease_until this worker set).
     */
    async settleDelivery(
      id: string,
      values: Partial<
        Pick<ProfileDeliveryRow, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'deliveredAt'>
      > & {
        status: DeliveryStatus;
      },
      claimedLease: number | null,
      manager?: EntityManager,
    ): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(ProfileDeliveryEntity)
        .set({ ...values, leaseUntil: null })
        .where("id = :id AND status = 'pending'", { id })
        // A row never claimed (null) is settled only while still unleased.
        .andWhere(claimedLease === null ? 'lease_until IS NULL' : 'lease_until = :claimedLease', {
          claimedLease,
        })
        .execute();
      return result.affected === 1;
    },
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

export type PermissionStore = ReturnType<typeof createPermissionStore>;
