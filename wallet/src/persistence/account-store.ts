import type { Database } from '@min-profil/shared/db';
import { AccountEntity, type AccountRow } from './entities.js';

/** One person's wallet, found by the identity number the eID released. */
export function createAccountStore(db: Database) {
  const ds = db.dataSource;

  return {
    async findAccountByIdentity(identityNumber: string): Promise<AccountRow | null> {
      return ds.getRepository(AccountEntity).findOneBy({ identityNumber });
    },
    async findAccount(id: string): Promise<AccountRow | null> {
      return ds.getRepository(AccountEntity).findOneBy({ id });
    },
    /** Inserts the account unless one exists for the number; returns the one that is stored. */
    async insertAccountIfAbsent(row: AccountRow): Promise<AccountRow> {
      return db.transaction(async (manager) => {
        const existing = await manager
          .getRepository(AccountEntity)
          .findOneBy({ identityNumber: row.identityNumber });
        if (existing) return existing;
        await manager.getRepository(AccountEntity).insert(row);
        return row;
      });
    },
  };
}
