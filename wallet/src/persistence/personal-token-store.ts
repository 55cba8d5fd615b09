import type { Database } from '@min-profil/shared/db';
import { PersonalTokenEntity, type PersonalTokenRow } from './entities.js';

/** Personal access tokens (stored as SHA-256 hashes of the token). */
export function createPersonalTokenStore(db: Database) {
  const ds = db.dataSource;

  return {
    async insertPersonalToken(row: PersonalTokenRow): Promise<void> {
      await ds.getRepository(PersonalTokenEntity).insert(row);
    },
    async findPersonalToken(tokenHash: string): Promise<PersonalTokenRow | null> {
      return ds.getRepository(PersonalTokenEntity).findOneBy({ tokenHash });
    },
    async touchPersonalToken(id: string, now: number): Promise<void> {
      await ds.getRepository(PersonalTokenEntity).update({ id }, { lastUsedAt: now });
    },
    async listPersonalTokens(accountId: string): Promise<PersonalTokenRow[]> {
      return ds
        .getRepository(PersonalTokenEntity)
        .find({ where: { accountId }, order: { createdAt: 'ASC' } });
    },
    async deletePersonalToken(accountId: string, id: string): Promise<boolean> {
      const result = await ds.getRepository(PersonalTokenEntity).delete({ accountId, id });
      return (result.affected ?? 0) > 0;
    },
  };
}

export type PersonalTokenStore = ReturnType<typeof createPersonalTokenStore>;
