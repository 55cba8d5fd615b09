import { IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { z } from 'zod';
import type { Database } from '@min-profil/shared/db';
import {
  HolderAuthorizationEntity,
  HolderFetchStartEntity,
  type HolderAuthorizationRow,
  type HolderFetchStartRow,
} from './entities.js';
import { readJsonColumns } from './read-json-columns.js';
import { takeOnce } from './take-once.js';

const readAuthorization = readJsonColumns<HolderAuthorizationRow>(
  z.object({ configurationIds: z.array(z.string()), holderKeyIds: z.array(z.string()).nullable() }),
);

/**
 * A wallet-initiated issuance at a data holder, in progress: the authorization code flow's state
 * and the one-time start URL that binds it to a browser. Each is taken once, by a conditional
 * DELETE/UPDATE whose affected-row count says who won, so two instances behave as one.
 */
export function createHolderAuthorizationStore(db: Database) {
  const ds = db.dataSource;

  return {
    async insertHolderAuthorization(row: HolderAuthorizationRow): Promise<void> {
      await ds.getRepository(HolderAuthorizationEntity).insert(row);
    },
    async takeHolderAuthorization(state: string, now: number): Promise<HolderAuthorizationRow | null> {
      const row = await takeOnce(ds.getRepository(HolderAuthorizationEntity), { state }, now);
      return row && readAuthorization(row);
    },
    async findHolderAuthorization(state: string): Promise<HolderAuthorizationRow | null> {
      const row = await ds.getRepository(HolderAuthorizationEntity).findOneBy({ state });
      return row && readAuthorization(row);
    },
    /** Binds a fetch to one browser, once: false when it is already bound, gone or expired. */
    async bindHolderAuthorization(state: string, browserBinding: string, now: number): Promise<boolean> {
      const result = await ds
        .createQueryBuilder()
        .update(HolderAuthorizationEntity)
        .set({ browserBinding })
        .where({ state, browserBinding: IsNull(), expiresAt: MoreThan(now) })
        .execute();
      return result.affected === 1;
    },

    // the one-time start URL
    async insertHolderFetchStart(row: HolderFetchStartRow): Promise<void> {
      await ds.getRepository(HolderFetchStartEntity).insert(row);
    },
    /** One-time: the row is deleted by whoever takes it first; an expired one is not returned. */
    async takeHolderFetchStart(tokenHash: string, now: number): Promise<HolderFetchStartRow | null> {
      return takeOnce(ds.getRepository(HolderFetchStartEntity), { tokenHash }, now);
    },
    async deleteExpiredHolderFetchStarts(now: number): Promise<void> {
      await ds.getRepository(HolderFetchStartEntity).delete({ expiresAt: LessThanOrEqual(now) });
    },
  };
}
