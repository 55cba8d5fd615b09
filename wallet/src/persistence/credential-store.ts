import { In, LessThanOrEqual, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { z } from 'zod';
import type { Database } from '@min-profil/shared/db';
import { asPartial } from '@min-profil/shared/entity-columns';
import { zCredentialDisplay } from '../credentials/z-credential-display.js';
import type { PagePosition } from '../http/page-cursor.js';
import { HeldCredentialEntity, type CredentialState, type HeldCredentialRow } from './entities.js';
import { readJsonColumns } from './read-json-columns.js';

const readCredential = readJsonColumns<HeldCredentialRow>(z.object({ display: zCredentialDisplay }));
const readDisplay = readJsonColumns<Pick<HeldCredentialRow, 'vct' | 'configurationId' | 'display'>>(
  z.object({ display: zCredentialDisplay }),
);

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
        .find({ where: { accountId, state: In(states) }, order: { createdAt: 'DESC', id: 'ASC' } });
      return rows.map(readCredential);
    },
    /**
     * One keyset page of the list, newest first (created_at DESC, id ASC: the order the whole
     * list has always had, with the id to break ties), after `after` when given; `limit`
     * undefined reads to the end.
     */
    async listCredentialPage(
      accountId: string,
      states: CredentialState[],
      page: { after?: PagePosition; limit?: number },
    ): Promise<HeldCredentialRow[]> {
      const qb = ds
        .getRepository(HeldCredentialEntity)
        .createQueryBuilder('c')
        .where('c.account_id = :accountId', { accountId })
        .andWhere('c.state IN (:...states)', { states });
      if (page.after)
        qb.andWhere('(c.created_at < :at OR (c.created_at = :at AND c.id > :id))', {
          at: page.after.at,
          id: page.after.id,
        });
      qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'ASC');
      if (page.limit !== undefined) qb.limit(page.limit);
      return (await qb.getMany()).map(readCredential);
    },
    /**
     * The rows whose `vct` or configuration id is one of `types` (in the list's order): what a
     * DCQL query or a log page can use, found by the clear columns without opening anything.
     */
    async listCredentialsOfTypes(
      accountId: string,
      states: CredentialState[],
      types: string[],
    ): Promise<HeldCredentialRow[]> {
      if (types.length === 0) return [];
      const rows = await ds
        .getRepository(HeldCredentialEntity)
        .createQueryBuilder('c')
        .where('c.account_id = :accountId', { accountId })
        .andWhere('c.state IN (:...states)', { states })
        .andWhere('(c.vct IN (:...types) OR c.configuration_id IN (:...types))', { types })
        .orderBy('c.created_at', 'DESC')
        .addOrderBy('c.id', 'ASC')
        .getMany();
      return rows.map(readCredential);
    },
    /**
     * The type metadata a log page labels its claims from: of the credentials of `types`, each
     * distinct (vct, configuration id, display) once, in the order of its newest row. A later
     * row with the same three adds no label (claim-labels.ts takes the first), so the labels are
     * those of every row, read without the thousand copies of one type a person may hold.
     */
    async listCredentialDisplays(
      accountId: string,
      states: CredentialState[],
      types: string[],
    ): Promise<Array<Pick<HeldCredentialRow, 'vct' | 'configurationId' | 'display'>>> {
      if (types.length === 0) return [];
      const rows = await ds
        .getRepository(HeldCredentialEntity)
        .createQueryBuilder('c')
        .select(['c.vct AS vct', 'c.configuration_id AS configuration_id', 'c.display AS display'])
        .addSelect('MAX(c.created_at)', 'latest')
        .where('c.account_id = :accountId', { accountId })
        .andWhere('c.state IN (:...states)', { states })
        .andWhere('(c.vct IN (:...types) OR c.configuration_id IN (:...types))', { types })
        .groupBy('c.vct')
        .addGroupBy('c.configuration_id')
        .addGroupBy('c.display')
        .orderBy('latest', 'DESC')
        .getRawMany<{ vct: string | null; configuration_id: string; display: string }>();
      return rows.map((r) =>
        readDisplay({
          vct: r.vct,
          configurationId: r.configuration_id,
          display: JSON.parse(r.display) as HeldCredentialRow['display'],
        }),
      );
    },
    /**
     * Records in clear what was not known yet (a row from before the columns): once, each column
     * only where it is still NULL, never over a value.
     */
    async recordClearColumns(
      id: string,
      values: { namesHolder: boolean; keyProtection: 'service' | 'passkey' },
    ): Promise<void> {
      await ds
        .createQueryBuilder()
        .update(HeldCredentialEntity)
        .set({
          namesHolder: () => 'COALESCE(names_holder, :namesHolder)',
          keyProtection: () => 'COALESCE(key_protection, :keyProtection)',
        })
        .where('id = :id', { id })
        .setParameters({ namesHolder: values.namesHolder, keyProtection: values.keyProtection })
        .execute();
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
