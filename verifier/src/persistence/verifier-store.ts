import { IsNull, MoreThan, Not, type EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import {
  PresentationRequestEntity,
  type CheckResult,
  type PresentationRequestRow,
  type PresentationStatus,
  type VerifiedClaims,
} from './entities.js';
import { asPartial } from '@min-profil/shared/entity-columns';
import { ApprovalEntity } from './approval-entities.js';
import type { DataSealer } from '../crypto/data-sealer.js';

/**
 * Small data-access functions for presentation requests. The nonce and state of a request are
 * consumed by one conditional UPDATE whose affected-row count says who won, so a response
 * replayed to another instance sharing the database is refused. Claim values are sealed at
 * rest (data-sealer.ts) and opened here, so callers see them as verified.
 */
/** What a request's encryption key column holds once the key is gone (answered or expired). */
export const DELETED_ENCRYPTION_KEY = 'deleted';
/** Requests without a key of their own (direct_post, or made before per-request keys) stay NULL. */
/** A key still to delete: the condition idx_presentation_request_key_expiry holds (literal, not a parameter). */
const keyNotDeleted = `response_encryption_key <> '${DELETED_ENCRYPTION_KEY}'`;
const deleteKeyIfAny = () =>
  `CASE WHEN response_encryption_key IS NULL THEN NULL ELSE '${DELETED_ENCRYPTION_KEY}' END`;

export function createVerifierStore(db: Database, sealer: DataSealer) {
  const repo = (tx?: EntityManager) => (tx ?? db.dataSource.manager).getRepository(PresentationRequestEntity);
  const claimsAad = (id: string) => `presentation_request.claims:${id}`;
  const open = (row: PresentationRequestRow | null): PresentationRequestRow | null =>
    row && row.claims !== null
      ? { ...row, claims: sealer.openJson<VerifiedClaims>(row.consumerId, claimsAad(row.id), row.claims) }
      : row;

  return {
    async insertRequest(row: PresentationRequestRow): Promise<void> {
      await repo().insert(asPartial(row));
    },
    /** `tx`: read inside that transaction (e.g. the one that just completed the request). */
    async findRequest(id: string, tx?: EntityManager): Promise<PresentationRequestRow | null> {
      return open(await repo(tx).findOneBy({ id }));
    },
    /** True when this call took the request's single response (unanswered and unexpired). */
    async consumeRequest(id: string, state: string, now: number): Promise<boolean> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(PresentationRequestEntity)
        // The request's encryption key has done its work: it decrypted this, its only response.
        .set({ respondedAt: now, responseEncryptionKey: deleteKeyIfAny })
        .where({ id, state, respondedAt: IsNull(), expiresAt: MoreThan(now) })
        .execute();
      return result.affected === 1;
    },
    /** Deletes the encryption keys of requests that expired unanswered. Returns how many. */
    async deleteExpiredEncryptionKeys(now: number): Promise<number> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(PresentationRequestEntity)
        .set({ responseEncryptionKey: DELETED_ENCRYPTION_KEY })
        // Written as idx_presentation_request_key_expiry's condition, so the index serves it.
        .where(`expires_at < :now AND ${keyNotDeleted}`, { now })
        .execute();
      return result.affected ?? 0;
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
      /** The request's consumer, when the caller has read the request: one read less. */
      consumerId?: string,
    ): Promise<void> {
      // The claims are sealed with the consumer's key; the request names the consumer.
      const owner = consumerId
        ? { consumerId }
        : await repo(tx).findOne({ select: { id: true, consumerId: true }, where: { id } });
      if (!owner) throw new Error('no such presentation request');
      // The consumer in the condition too: claims are never sealed under another's key.
      const updated = await repo(tx).update(
        { id, consumerId: owner.consumerId },
        asPartial({
          status: outcome.status,
          checks: outcome.checks,
          claims: outcome.claims
            ? (sealer.sealJson(owner.consumerId, claimsAad(id), outcome.claims) as never)
            : null,
          claimsExpireAt: outcome.claims ? (outcome.claimsExpireAt ?? null) : null,
          responseCodeHash: outcome.responseCodeHash ?? null,
          error: outcome.error ?? null,
          errorDescription: outcome.errorDescription ?? null,
          completedAt: outcome.now,
        }),
      );
      if (updated.affected === 0) throw new Error('no such presentation request');
    },
    /** A consumer's requests, newest first (the consumer API's list). */
    async listRequests(consumerId: string, limit: number): Promise<PresentationRequestRow[]> {
      const rows = await repo().find({ where: { consumerId }, order: { createdAt: 'DESC' }, take: limit });
      return rows.map((row) => open(row)!);
    },
    /** The requests one demo page session created (`pageSession`: its hash), newest first. */
    async listPageRequests(
      consumerId: string,
      pageSession: string,
      limit: number,
    ): Promise<PresentationRequestRow[]> {
      const rows = await repo().find({
        where: { consumerId, pageSession },
        order: { createdAt: 'DESC' },
        take: limit,
      });
      return rows.map((row) => open(row)!);
    },
    /** Unanswered, unexpired requests the demo pages created for a consumer (their storage bound). */
    async countPendingPageRequests(consumerId: string, now: number): Promise<number> {
      return repo().countBy({
        consumerId,
        pageSession: Not(IsNull()),
        respondedAt: IsNull(),
        expiresAt: MoreThan(now),
      });
    },
    /**
     * Ids of requests past their retention (housekeeping.ts), at most `limit`:
     * unanswered ones that expired before `unansweredPageBefore` (page-created) or
     * `unansweredApiBefore` (made through the API); answered page-created ones that expired
     * before `answeredPageBefore`, unless they carry an approval receipt; and approvals
     * approved before `approvedBefore`.
     */
    async listPurgeableRequestIds(
      cuts: {
        unansweredPageBefore: number;
        unansweredApiBefore: number;
        answeredPageBefore: number;
        approvedBefore: number;
      },
      limit: number,
    ): Promise<string[]> {
      // One query per case, each served by its own partial index (migration 1766100000000):
      // neither database uses an index for an OR of these cases, and a scan of the whole table
      // on every pass grows with years of answered requests the housekeeping never deletes.
      const requests = () => repo().createQueryBuilder('r').select('r.id', 'id');
      const arms = [
        () =>
          requests()
            .where('r.responded_at IS NULL')
            .andWhere('r.expires_at < :before', { before: cuts.unansweredPageBefore })
            .andWhere('r.page_session IS NOT NULL'),
        () =>
          requests()
            .where('r.responded_at IS NULL')
            .andWhere('r.expires_at < :before', { before: cuts.unansweredApiBefore })
            .andWhere('r.page_session IS NULL'),
        () =>
          requests()
            .where('r.responded_at IS NOT NULL AND r.page_session IS NOT NULL')
            .andWhere('r.expires_at < :before', { before: cuts.answeredPageBefore })
            .andWhere(
              'NOT EXISTS (SELECT 1 FROM approval_request a WHERE a.id = r.id AND a.receipt_id IS NOT NULL)',
            ),
        () =>
          requests().where(
            'r.id IN (SELECT a.id FROM approval_request a WHERE a.approved_at IS NOT NULL AND a.approved_at < :before)',
            { before: cuts.approvedBefore },
          ),
      ];
      // A request can be in two cases (approved, and answered on a page without a receipt).
      const ids = new Set<string>();
      for (const arm of arms) {
        if (ids.size >= limit) break;
        const rows = await arm()
          .limit(limit - ids.size)
          .getRawMany<{ id: string }>();
        for (const row of rows) ids.add(row.id);
      }
      return [...ids].slice(0, limit);
    },
    /** Deletes requests and their approval rows (document, evidence) in one transaction. */
    async deleteRequests(ids: string[]): Promise<number> {
      if (ids.length === 0) return 0;
      return db.transaction(async (manager) => {
        await manager
          .createQueryBuilder()
          .delete()
          .from(ApprovalEntity)
          .where('id IN (:...ids)', { ids })
          .execute();
        const result = await manager
          .createQueryBuilder()
          .delete()
          .from(PresentationRequestEntity)
          .where('id IN (:...ids)', { ids })
          .execute();
        return result.affected ?? 0;
      });
    },
    /** Deletes claim values past their retention; checks and outcome stay. Returns how many. */
    async purgeExpiredClaims(now: number): Promise<number> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(PresentationRequestEntity)
        .set({ claims: null, claimsExpireAt: null })
        // Written as idx_presentation_request_claims_expiry's condition, so the index serves it.
        .where('claims_expire_at <= :now AND claims IS NOT NULL', { now })
        .execute();
      return result.affected ?? 0;
    },
  };
}

export type VerifierStore = ReturnType<typeof createVerifierStore>;
