import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { CompanyProfileEntity, type CompanyProfileRow } from './company-profile-entities.js';

/** Company contact profiles by org number; a change applies only to the version it was made from. */
export function createCompanyProfileStore(db: Database) {
  const repo = (manager?: EntityManager) =>
    (manager ?? db.dataSource.manager).getRepository(CompanyProfileEntity);
  return {
    async findCompanyProfile(orgNumber: string, manager?: EntityManager): Promise<CompanyProfileRow | null> {
      return repo(manager).findOneBy({ orgNumber });
    },
    /** Inside a transaction: the row, locked on PostgreSQL (SQLite serialises writers). */
    async lockCompanyProfile(orgNumber: string, manager: EntityManager): Promise<CompanyProfileRow | null> {
      const query = repo(manager).createQueryBuilder('c').where('c.org_number = :orgNumber', { orgNumber });
      if (db.kind === 'postgres') query.setLock('pessimistic_write');
      return query.getOne();
    },
    /** The first version (1); throws when another signatory saved one first (the key taken). */
    async insertCompanyProfile(row: CompanyProfileRow, manager?: EntityManager): Promise<void> {
      await repo(manager).insert(row);
    },
    /** The next version over `from`; false when the profile has moved on since. */
    async updateCompanyProfile(
      orgNumber: string,
      from: number,
      change: Pick<CompanyProfileRow, 'sealed' | 'updatedAt'>,
      manager?: EntityManager,
    ): Promise<boolean> {
      const result = await repo(manager).update(
        { orgNumber, version: from },
        { ...change, version: from + 1 },
      );
      return (result.affected ?? 0) === 1;
    },
    /** Names the company key once: false when another request named one first. */
    async setCompanySigningKey(orgNumber: string, kmsKid: string): Promise<boolean> {
      const result = await repo()
        .createQueryBuilder()
        .update()
        .set({ signingKmsKid: kmsKid })
        .where('org_number = :orgNumber AND signing_kms_kid IS NULL', { orgNumber })
        .execute();
      return (result.affected ?? 0) === 1;
    },
  };
}
