import { IsNull, LessThan, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { HolderConnectionEntity, type HolderConnectionRow } from './holder-connection-entities.js';

/**
 * The person's connections to holders' usage logs. Refreshing is guarded by a lease taken with
 * a conditional UPDATE (affected rows say who won), so two requests or two instances never
 * both spend the same rotated refresh token, which the holder would treat as a replay.
 */
export function createHolderConnectionStore(db: Database) {
  const repo = (manager?: EntityManager) =>
    (manager ?? db.dataSource.manager).getRepository(HolderConnectionEntity);
  return {
    async listHolderConnections(accountId: string): Promise<HolderConnectionRow[]> {
      return repo().find({ where: { accountId }, order: { connectedAt: 'ASC' } });
    },
    async findHolderConnection(
      accountId: string,
      credentialIssuer: string,
    ): Promise<HolderConnectionRow | null> {
      return repo().findOneBy({ accountId, credentialIssuer });
    },
    /** A new sign-in replaces the connection it renews. */
    async replaceHolderConnection(row: HolderConnectionRow): Promise<void> {
      await db.dataSource.transaction(async (manager) => {
        await repo(manager).delete({ accountId: row.accountId, credentialIssuer: row.credentialIssuer });
        await repo(manager).insert(row);
      });
    },
    /** True when this caller may refresh now (no lease, or an expired one). */
    async leaseHolderConnection(id: string, now: number, until: number): Promise<boolean> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(HolderConnectionEntity)
        .set({ refreshLeaseUntil: until })
        .where([
          { id, refreshLeaseUntil: IsNull() },
          { id, refreshLeaseUntil: LessThan(now) },
        ])
        .execute();
      return result.affected === 1;
    },
    /** Stores the refreshed tokens and gives the lease back. */
    async updateHolderConnection(id: string, sealed: string): Promise<void> {
      await repo().update({ id }, { sealed, refreshLeaseUntil: null });
    },
    async releaseHolderConnection(id: string): Promise<void> {
      await repo().update({ id }, { refreshLeaseUntil: null });
    },
    async deleteHolderConnection(id: string): Promise<void> {
      await repo().delete({ id });
    },
  };
}
