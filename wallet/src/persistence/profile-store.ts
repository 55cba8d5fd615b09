import { MoreThan, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import {
  DemoMessageEntity,
  ProfileCodeEntity,
  ProfileEntity,
  ProviderKeyEntity,
  type DemoMessageRow,
  type ProfileCodeRow,
  type ProfileRow,
  type ProviderKeyRow,
} from './profile-entities.js';

/**
 * Data access for the contact profile. A new version is written with one conditional UPDATE on
 * the version it was made from, so two concurrent edits cannot both win (the loser gets 0 rows).
 */
export function createProfileStore(db: Database) {
  const ds = db.dataSource;
  const m = (manager?: EntityManager) => manager ?? ds.manager;

  return {
    async findProfile(accountId: string, manager?: EntityManager): Promise<ProfileRow | null> {
      return m(manager).getRepository(ProfileEntity).findOneBy({ accountId });
    },
    /**
     * Reads the profile row inside `manager`'s transaction and, on PostgreSQL, locks it
     * (SELECT … FOR UPDATE) until the commit: what one person does that must not interleave
     * (rate-limit checks, sharing, granting) is serialised on it. SQLite has no row locks: a
     * no-op UPDATE first takes the database's write lock (waiting up to busy_timeout), so the
     * transaction never has to upgrade a read to a write, which fails at once with SQLITE_BUSY
     * when another connection (a second wallet instance) wrote meanwhile.
     */
    async lockProfile(accountId: string, manager: EntityManager): Promise<ProfileRow | null> {
      const repo = manager.getRepository(ProfileEntity);
      const query = repo.createQueryBuilder('p').where('p.account_id = :accountId', { accountId });
      if (db.kind === 'postgres') query.setLock('pessimistic_write');
      else
        await manager
          .createQueryBuilder()
          .update(ProfileEntity)
          .set({ profileVersion: () => 'profile_version' })
          .where('account_id = :accountId', { accountId })
          .execute();
      return query.getOne();
    },
    /** Inserts the row unless the account has one; returns the stored row either way. */
    async insertProfileIfAbsent(row: ProfileRow): Promise<ProfileRow> {
      const repo = ds.getRepository(ProfileEntity);
      try {
        await repo.insert(row);
        return row;
      } catch (error) {
        // Another request created it first (primary key): that one is the profile.
        const existing = await repo.findOneBy({ accountId: row.accountId });
        if (existing) return existing;
        throw error;
      }
    },
    /** Writes the next version; false when someone else wrote one since `fromVersion`. */
    async updateProfile(
      accountId: string,
      fromVersion: number,
      values: Pick<ProfileRow, 'profileVersion' | 'sealed' | 'updatedAt'>,
      manager?: EntityManager,
    ): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(ProfileEntity)
        .set(values)
        .where('account_id = :accountId AND profile_version = :fromVersion', { accountId, fromVersion })
        .execute();
      return result.affected === 1;
    },
    /**
     * A new version with the same content: what one consumer receives changed (its fields), and
     * consumers apply only newer versions (docs/standing-permissions.md). Returns the new version.
     */
    async bumpVersion(accountId: string, now: number, manager: EntityManager): Promise<number> {
      await manager
        .createQueryBuilder()
        .update(ProfileEntity)
        .set({ profileVersion: () => 'profile_version + 1', updatedAt: now })
        .where('account_id = :accountId', { accountId })
        .execute();
      const row = await manager.getRepository(ProfileEntity).findOneBy({ accountId });
      if (!row) throw new Error('no profile to version');
      return row.profileVersion;
    },
    /** Sets the holder key once; false when another request set one first. */
    async setHolderKey(accountId: string, holderKmsKid: string): Promise<boolean> {
      const result = await ds
        .createQueryBuilder()
        .update(ProfileEntity)
        .set({ holderKmsKid })
        .where('account_id = :accountId AND holder_kms_kid IS NULL', { accountId })
        .execute();
      return result.affected === 1;
    },

    // one-time codes
    async insertCode(row: ProfileCodeRow, manager?: EntityManager): Promise<void> {
      await m(manager).getRepository(ProfileCodeEntity).insert(row);
    },
    async findCode(accountId: string, id: string): Promise<ProfileCodeRow | null> {
      return ds.getRepository(ProfileCodeEntity).findOneBy({ accountId, id });
    },
    /** The newest code for one entry, open or not. */
    async latestCode(
      accountId: string,
      itemId: string,
      manager?: EntityManager,
    ): Promise<ProfileCodeRow | null> {
      return m(manager)
        .getRepository(ProfileCodeEntity)
        .findOne({ where: { accountId, itemId }, order: { createdAt: 'DESC', id: 'DESC' } });
    },
    async countCodesSince(accountId: string, since: number, manager?: EntityManager): Promise<number> {
      return m(manager)
        .getRepository(ProfileCodeEntity)
        .countBy({ accountId, createdAt: MoreThan(since) });
    },
    /**
     * Counts one try, only while the code is open and has tries left: the affected-row count
     * decides, so parallel guesses cannot exceed the limit.
     */
    async countAttempt(id: string, maxAttempts: number): Promise<boolean> {
      const result = await ds
        .createQueryBuilder()
        .update(ProfileCodeEntity)
        .set({ attempts: () => 'attempts + 1' })
        .where('id = :id AND closed_at IS NULL AND attempts < :maxAttempts', { id, maxAttempts })
        .execute();
      return result.affected === 1;
    },
    /** A new code replaces the entry's earlier ones. */
    async closeOpenCodes(
      accountId: string,
      itemId: string,
      now: number,
      manager?: EntityManager,
    ): Promise<void> {
      await m(manager)
        .createQueryBuilder()
        .update(ProfileCodeEntity)
        .set({ closedAt: now })
        .where('account_id = :accountId AND item_id = :itemId AND closed_at IS NULL', { accountId, itemId })
        .execute();
    },
    async closeCode(id: string, now: number, manager?: EntityManager): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(ProfileCodeEntity)
        .set({ closedAt: now })
        .where('id = :id AND closed_at IS NULL', { id })
        .execute();
      return result.affected === 1;
    },

    // the wallet provider's keys
    async listProviderKeys(): Promise<ProviderKeyRow[]> {
      return ds.getRepository(ProviderKeyEntity).find({ order: { createdAt: 'ASC', kid: 'ASC' } });
    },
    async insertProviderKey(row: ProviderKeyRow): Promise<void> {
      await ds.getRepository(ProviderKeyEntity).insert(row);
    },

    // demo outbox
    async insertDemoMessage(row: DemoMessageRow): Promise<void> {
      await ds.getRepository(DemoMessageEntity).insert(row);
    },
    /** One person's messages, newest first. */
    async listDemoMessages(accountId: string, limit: number): Promise<DemoMessageRow[]> {
      return ds
        .getRepository(DemoMessageEntity)
        .find({ where: { accountId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    },
  };
}

export type ProfileStore = ReturnType<typeof createProfileStore>;
