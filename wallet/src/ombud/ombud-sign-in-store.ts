import type { Database } from '@min-profil/shared/db';
import { OmbudSignInEntity, type OmbudSignInRow } from './ombud-sign-in-entities.js';

/** The person's short-lived Mina ombud sign-in (one per account; a new one replaces the old). */
export function createOmbudSignInStore(db: Database) {
  const repo = () => db.dataSource.getRepository(OmbudSignInEntity);
  return {
    async findOmbudSignIn(accountId: string): Promise<OmbudSignInRow | null> {
      return repo().findOneBy({ accountId });
    },
    async replaceOmbudSignIn(row: OmbudSignInRow): Promise<void> {
      await db.dataSource.transaction(async (manager) => {
        const r = manager.getRepository(OmbudSignInEntity);
        await r.delete({ accountId: row.accountId });
        await r.insert(row);
      });
    },
    async deleteOmbudSignIn(accountId: string): Promise<void> {
      await repo().delete({ accountId });
    },
  };
}
