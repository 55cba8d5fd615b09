import { In, LessThanOrEqual, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { z } from 'zod';
import type { Database } from '@min-profil/shared/db';
import { asPartial } from '@min-profil/shared/entity-columns';
import { zCredentialDisplay } from '../credentials/z-credential-display.js';
import { HeldCredentialEntity, type CredentialState, type HeldCredentialRow } from './entities.js';
import { readJsonColumns } from './read-json-columns.js';

const readCredential = readJsonColumns<HeldCredentialRow>(z.object({ display: zCredentialDisplay }));

/**
 * The credentials a person holds, is shown before accepting (pending) or waits for (deferred).
 * Credentials received together share an offer id.
 */
export function createCredentialStore(db: Database) {
  const ds = db.dataSource;
  const m = (manager?: EntityManager) => manager ?? ds.manager;

  return {
    async insertCredentials(rows: HeldCredentialRow[], manager?: EntityManager): Promise<void> {
      if (rows.length > 0) await m(manager).getRepository(HeldCredentialEntity).insert(rows.map(asPartial));
    },
    async listCredentials(accountId: string, states: CredentialState[]): Promise<HeldCredentialRow[]> {
      const rows = await ds
        .getRepository(HeldCredentialEntity)
        .find({ where: { accountId, state: In(states) }, order: { createdAt: 'DESC' } });
      return rows.map(readCredential);
    },
    async findCredential(accountId: string, id: string): Promise<HeldCredentialRow | null> {
      const row = await ds.getRepository(HeldCredentialEntity).findOneBy({ accountId, id });
      return row && readCredential(row);
    },
    async listOffer(accountId: string, offerId: string): Promise<HeldCredentialRow[]> {
      const rows = await ds
        .getRepository(HeldCredentialEntity)
        .find({ where: { accountId, offerId }, order: { createdAt: 'ASC', id: 'ASC' } });
      return rows.map(readCredential);
    },
    async updateCredential(
      where: FindOptionsWhere<HeldCredentialRow>,
      values: Partial<HeldCredentialRow>,
      manager?: EntityManager,
    ): Promise<number> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(HeldCredentialEntity)
        .set(asPartial(values))
        .where(where)
        .execute();
      return result.affected ?? 0;
    },
    async deleteCredentials(
      where: FindOptionsWhere<HeldCredentialRow>,
      manager?: EntityManager,
    ): Promise<number> {
      const result = await m(manager).getRepository(HeldCredentialEntity).delete(where);
      return result.affected ?? 0;
    },
    /** Pending previews nobody accepted in time (their holder keys are the caller's to drop). */
    async listStalePending(accountId: string, before: number): Promise<HeldCredentialRow[]> {
      const rows = await ds
        .getRepository(HeldCredentialEntity)
        .findBy({ accountId, state: 'pending', createdAt: LessThanOrEqual(before) });
      return rows.map(readCredential);
    },
  };
}
