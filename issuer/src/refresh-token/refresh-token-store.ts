import { IsNull, LessThan, MoreThan, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { RefreshTokenEntity, type RefreshTokenRow } from './refresh-token-entity.js';

/** Refresh tokens; each single-use step is one conditional UPDATE, so two instances never both win. */
export function createRefreshTokenStore(db: Database) {
  const ds = db.dataSource;
  const m = (manager?: EntityManager) => manager ?? ds.manager;
  return {
    async insert(row: RefreshTokenRow, manager?: EntityManager): Promise<void> {
      await m(manager).getRepository(RefreshTokenEntity).insert(row);
    },
    async find(tokenHash: string): Promise<RefreshTokenRow | null> {
      return ds.getRepository(RefreshTokenEntity).findOneBy({ tokenHash });
    },
    /** Uses the token once (unused, unrevoked, unexpired); false when another request won or it is spent. */
    async use(tokenHash: string, now: number, manager?: EntityManager): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(RefreshTokenEntity)
        .set({ usedAt: now })
        .where({ tokenHash, usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(now) })
        .execute();
      return result.affected === 1;
    },
    /** Revokes every token of a sign-in (a replay, or the wallet's revocation request). */
    async revokeFamily(familyId: string, now: number): Promise<void> {
      await ds
        .createQueryBuilder()
        .update(RefreshTokenEntity)
        .set({ revokedAt: now })
        .where({ familyId, revokedAt: IsNull() })
        .execute();
    },
    async purgeExpired(now: number): Promise<number> {
      const result = await ds
        .createQueryBuilder()
        .delete()
        .from(RefreshTokenEntity)
        .where({ expiresAt: LessThan(now) })
        .execute();
      return result.affected ?? 0;
    },
  };
}

export type RefreshTokenStore = ReturnType<typeof createRefreshTokenStore>;
