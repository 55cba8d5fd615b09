import type { Database } from '@min-profil/shared/db';
import { CompanyProfileEntity, type CompanyProfileRow } from './company-profile-entities.js';

/** Company contact profiles by org number; a change applies only to the version it was made from. */
export function createCompanyProfileStore(db: Database) {
  const repo = () => db.dataSource.getRepository(CompanyProfileEntity);
  return {
    async findCompanyProfile(orgNumber: string): Promise<CompanyProfileRow | null> {
      return repo().findOneBy({ orgNumber });
    },
    /** The first version (1); false when another signatory saved one first. */
    async insertCompanyProfile(row: CompanyProfileRow): Promise<boolean> {
      try {
        await repo().insert(row);
        return true;
      } catch (error) {
        // The primary key taken: another signatory's first version won.
        if (await repo().findOneBy({ orgNumber: row.orgNumber })) return false;
        throw error;
      }
    },
    /** The next version over `from`; false when the profile has moved on since. */
    async updateCompanyProfile(
      orgNumber: string,
      from: number,
      change: Pick<CompanyProfileRow, 'sealed' | 'updatedAt'>,
    ): Promise<boolean> {
      const result = await repo().update({ orgNumber, version: from }, { ...change, version: from + 1 });
      return (result.affected ?? 0) === 1;
    },
  };
}
