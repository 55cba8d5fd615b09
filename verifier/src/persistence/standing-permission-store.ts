import { IsNull, LessThan, MoreThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { Database } from '@min-profil/shared/db';
import {
  StandingPermissionChangeEntity,
  StandingPermissionEntity,
  StandingPermissionNonceEntity,
  type StandingPermissionRow,
} from './standing-permission-entities.js';

export type ApplyChangeOutcome = 'applied' | 'duplicate' | 'stale' | 'withdrawn';

/**
 * Data access for standing permissions. Whatever must happen once (a nonce redeemed, a
 * version applied, a withdrawal) is one conditional UPDATE whose affected-row count says who
 * won, so it holds across instances sharing a PostgreSQL database.
 */
export function createStandingPermissionStore(db: Database) {
  const permissions = () => db.dataSource.getRepository(StandingPermissionEntity);
  const nonces = () => db.dataSource.getRepository(StandingPermissionNonceEntity);

  return {
    async insertNonce(row: { nonce: string; consumerId: string; expiresAt: number }): Promise<void> {
      await nonces().insert({ ...row, usedAt: null });
    },

    /** True when this call redeemed the nonce: issued to this consumer, unused, unexpired. */
    async consumeNonce(nonce: string, consumerId: string, now: number): Promise<boolean> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(StandingPermissionNonceEntity)
        .set({ usedAt: now })
        .where({ nonce, consumerId, usedAt: IsNull(), expiresAt: MoreThan(now) })
        .execute();
      return result.affected === 1;
    },

    async purgeExpiredNonces(now: number): Promise<number> {
      const result = await nonces().delete({ expiresAt: LessThan(now) });
      return result.affected ?? 0;
    },

    /** False when a permission with this id exists already (a concurrent first update won). */
    async insertPermission(row: StandingPermissionRow, changeId?: string): Promise<boolean> {
      try {
        await db.transaction(async (manager) => {
          await manager.getRepository(StandingPermissionEntity).insert(asPartial(row));
          if (changeId === undefined) return;
          await manager.getRepository(StandingPermissionChangeEntity).insert({
            permissionId: row.id,
            changeId,
            profileVersion: row.profileVersion,
            appliedAt: row.createdAt,
          });
        });
        return true;
      } catch (err) {
        if (await permissions().existsBy({ id: row.id })) return false;
        throw err;
      }
    },

    async findPermission(id: string): Promise<StandingPermissionRow | null> {
      return permissions().findOneBy({ id });
    },

    async findPermissionByPresentation(requestId: string): Promise<StandingPermissionRow | null> {
      return permissions().findOneBy({ presentationRequestId: requestId });
    },

    async listPermissions(consumerId: string, limit: number): Promise<StandingPermissionRow[]> {
      return permissions().find({ where: { consumerId }, order: { createdAt: 'DESC' }, take: limit });
    },

    /**
     * Applies a change once: the version UPDATE runs only while the permission is active and
     * the stored version is older, so of two instances applying the same change one wins (the
     * row lock orders them) and the other finds the change_id recorded (duplicate).
     */
    async applyChange(change: {
      id: string;
      changeId: string;
      profileVersion: number;
      profile: Record<string, unknown>;
      now: number;
    }): Promise<ApplyChangeOutcome> {
      return db.transaction(async (manager) => {
        const changes = manager.getRepository(StandingPermissionChangeEntity);
        // Write first: a SQLite transaction that read before writing fails at once with
        // SQLITE_BUSY when another connection writes, instead of waiting its turn.
        const result = await manager
          .createQueryBuilder()
          .update(StandingPermissionEntity)
          .set(
            asPartial({
              profile: change.profile,
              profileVersion: change.profileVersion,
              lastChangeId: change.changeId,
              updatedAt: change.now,
            }),
          )
          .where({ id: change.id, status: 'active', profileVersion: LessThan(change.profileVersion) })
          .execute();
        if (result.affected === 1) {
          await changes.insert({
            permissionId: change.id,
            changeId: change.changeId,
            profileVersion: change.profileVersion,
            appliedAt: change.now,
          });
          return 'applied';
        }
        if (await changes.existsBy({ permissionId: change.id, changeId: change.changeId }))
          return 'duplicate';
        const current = await manager.getRepository(StandingPermissionEntity).findOneBy({ id: change.id });
        return current?.status === 'withdrawn' ? 'withdrawn' : 'stale';
      });
    },

    /** True when this call ended the permission (it was active). */
    async withdrawPermission(id: string, now: number): Promise<boolean> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(StandingPermissionEntity)
        .set({ status: 'withdrawn', withdrawnAt: now, updatedAt: now })
        .where({ id, status: 'active' })
        .execute();
      return result.affected === 1;
    },
  };
}

export type StandingPermissionStore = ReturnType<typeof createStandingPermissionStore>;

/** simple-json columns hold arbitrary JSON, which TypeORM's deep-partial type cannot express. */
function asPartial(row: Partial<StandingPermissionRow>): QueryDeepPartialEntity<StandingPermissionRow> {
  return row as QueryDeepPartialEntity<StandingPermissionRow>;
}
