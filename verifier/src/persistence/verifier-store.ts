import { IsNull, LessThan, MoreThan, Not, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import {
  PresentationRequestEntity,
  type CheckResult,
  type PresentationRequestRow,
  type PresentationStatus,
  type VerifiedClaims,
} from './entities.js';
import { asPartial } from './columns.js';

/**
 * Small data-access functions for presentation requests. The nonce and state of a request are
 * consumed by one conditional UPDATE whose affected-row count says who won, so a response
 * replayed to another instance sharing the database is refused.
 */
export function createVerifierStore(db: Database) {
  const repo = (tx?: EntityManager) => (tx ?? db.dataSource.manager).getRepository(PresentationRequestEntity);

  return {
    async insertRequest(row: PresentationRequestRow): Promise<void> {
      await repo().insert(asPartial(row));
    },
    /** `tx`: read inside that transaction (e.g. the one that just completed the request). */
    async findRequest(id: string, tx?: EntityManager): Promise<PresentationRequestRow | null> {
      return repo(tx).findOneBy({ id });
    },
    /** True when this call took the request's single response (unanswered and unexpired). */
    async consumeRequest(id: string, state: string, now: number): Promise<boolean> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(PresentationRequestEntity)
        .set({ respondedAt: now })
        .where({ id, state, respondedAt: IsNull(), expiresAt: MoreThan(now) })
        .execute();
      return result.affected === 1;
    },
    async completeRequest(
      id: string,
      outcome: {
        status: Exclude<PresentationStatus, 'pending'>;
        checks: CheckResult[];
        claims?: VerifiedClaims;
        claimsExpireAt?: number;
        responseCodeHash?: string;
        error?: string;
        errorDescription?: string;
        now: number;
      },
      tx?: EntityManager,
    ): Promise<void> {
      await repo(tx).update(
        { id },
        asPartial({
          status: outcome.status,
          checks: outcome.checks,
          claims: outcome.claims ?? null,
          claimsExpireAt: outcome.claims ? (outcome.claimsExpireAt ?? null) : null,
          responseCodeHash: outcome.responseCodeHash ?? null,
          error: outcome.error ?? null,
          errorDescription: outcome.errorDescription ?? null,
          completedAt: outcome.now,
        }),
      );
    },
    async listRequests(consumerId: string, limit: number): Promise<PresentationRequestRow[]> {
      return repo().find({ where: { consumerId }, order: { createdAt: 'DESC' }, take: limit });
    },
    /** Deletes claim values past their retention; checks and outcome stay. Returns how many. */
    async purgeExpiredClaims(now: number): Promise<number> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(PresentationRequestEntity)
        .set({ claims: null, claimsExpireAt: null })
        .where({ claimsExpireAt: LessThan(now + 1), claims: Not(IsNull()) })
        .execute();
      return result.affected ?? 0;
    },
  };
}

export type VerifierStore = ReturnType<typeof createVerifierStore>;
