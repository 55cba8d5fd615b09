import { IsNull, MoreThan } from 'typeorm';
import { z } from 'zod';
import type { Database } from '@min-profil/shared/db';
import { asPartial } from '@min-profil/shared/entity-columns';
import { zStoredPresentationRequest } from '../presentation/z-stored-presentation-request.js';
import { PresentationRequestEntity, type PresentationRequestRow } from './entities.js';
import { readJsonColumns } from './read-json-columns.js';

const readRequest = readJsonColumns<PresentationRequestRow>(
  z.object({ request: zStoredPresentationRequest }),
);

/** What a handed-over Digital Credentials API answer leaves behind (never a sealed value). */
export const DC_API_TAKEN = 'taken';

/**
 * A verifier's request the person is looking at. It is answered once: one conditional UPDATE
 * whose affected-row count says who won, so two instances behave as one.
 */
export function createPresentationRequestStore(db: Database) {
  const ds = db.dataSource;

  return {
    async insertPresentationRequest(row: PresentationRequestRow): Promise<void> {
      await ds.getRepository(PresentationRequestEntity).insert(asPartial(row));
    },
    async findPresentationRequest(accountId: string, id: string): Promise<PresentationRequestRow | null> {
      const row = await ds.getRepository(PresentationRequestEntity).findOneBy({ accountId, id });
      return row && readRequest(row);
    },
    /** The newest requests the person opened and has not answered that are still open. */
    async listOpenPresentationRequests(
      accountId: string,
      now: number,
      limit: number,
    ): Promise<PresentationRequestRow[]> {
      const rows = await ds.getRepository(PresentationRequestEntity).find({
        where: { accountId, answeredAt: IsNull(), expiresAt: MoreThan(now) },
        order: { createdAt: 'DESC' },
        take: limit,
      });
      return rows.map(readRequest);
    },
    /** Marks the request answered; false when it already was (one answer per request). */
    async markPresentationAnswered(id: string, now: number): Promise<boolean> {
      const result = await ds
        .createQueryBuilder()
        .update(PresentationRequestEntity)
        .set({ answeredAt: now })
        .where('id = :id AND answered_at IS NULL', { id })
        .execute();
      return result.affected === 1;
    },
    /** Keeps a Digital Credentials API answer (sealed) for its caller. */
    async keepDcApiResponse(id: string, sealed: string): Promise<void> {
      await ds.getRepository(PresentationRequestEntity).update({ id }, { dcApiResponse: sealed });
    },
    /**
     * Hands a Digital Credentials API answer over once: one conditional UPDATE replaces it with
     * `taken`, and only the caller whose UPDATE did so gets it (two instances behave as one).
     * null: nothing kept yet (not answered, or the answer is being made).
     */
    async takeDcApiResponse(accountId: string, id: string): Promise<string | typeof DC_API_TAKEN | null> {
      const row = await ds.getRepository(PresentationRequestEntity).findOneBy({ accountId, id });
      const sealed = row?.dcApiResponse ?? null;
      if (sealed === null || sealed === DC_API_TAKEN) return sealed;
      const result = await ds
        .createQueryBuilder()
        .update(PresentationRequestEntity)
        .set({ dcApiResponse: DC_API_TAKEN })
        .where('id = :id AND account_id = :accountId AND dc_api_response = :sealed', {
          id,
          accountId,
          sealed,
        })
        .execute();
      return result.affected === 1 ? sealed : DC_API_TAKEN;
    },
    async unmarkPresentationAnswered(id: string): Promise<void> {
      await ds.getRepository(PresentationRequestEntity).update({ id }, { answeredAt: null });
    },
  };
}
