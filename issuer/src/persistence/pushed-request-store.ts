import { IsNull, LessThan, MoreThan } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { PushedRequestEntity, type PushedRequestRow } from './pushed-request-entity.js';

/**
 * The pushed requests' state, all in the database so any instance can serve any step. Each
 * single-use step is one conditional UPDATE whose affected-row count says who won.
 */
export function createPushedRequestStore(db: Database) {
  const repository = () => db.dataSource.getRepository(PushedRequestEntity);
  return {
    async insert(row: PushedRequestRow): Promise<void> {
      await repository().insert(row);
    },
    async findByRequestUriHash(requestUriHash: string): Promise<PushedRequestRow | null> {
      return repository().findOneBy({ requestUriHash });
    },
    async findByConsentTokenHash(consentTokenHash: string): Promise<PushedRequestRow | null> {
      return repository().findOneBy({ consentTokenHash });
    },
    /** Uses the request_uri (once, unexpired) and attaches the consent page's form token. */
    async open(options: {
      id: string;
      now: number;
      consentTokenHash: string;
      consentExpiresAt: number;
    }): Promise<boolean> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(PushedRequestEntity)
        .set({
          openedAt: options.now,
          consentTokenHash: options.consentTokenHash,
          expiresAt: options.consentExpiresAt,
        })
        .where({ id: options.id, openedAt: IsNull(), expiresAt: MoreThan(options.now) })
        .execute();
      return result.affected === 1;
    },
    /** Records the person's choice on the consent page (once, unexpired). */
    async decide(id: string, now: number): Promise<boolean> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(PushedRequestEntity)
        .set({ decidedAt: now })
        .where({ id, decidedAt: IsNull(), expiresAt: MoreThan(now) })
        .execute();
      return result.affected === 1;
    },
    /**
     * Deletes pushed requests that ended before `before`: anyone may push for a public
     * client_id, so unopened requests must not pile up. Returns how many went.
     */
    async purgeExpired(before: number): Promise<number> {
      const result = await db.dataSource
        .createQueryBuilder()
        .delete()
        .from(PushedRequestEntity)
        .where({ expiresAt: LessThan(before) })
        .execute();
      return result.affected ?? 0;
    },
  };
}

export type PushedRequestStore = ReturnType<typeof createPushedRequestStore>;
