import {
  IsNull,
  LessThan,
  MoreThan,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
} from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import {
  AccessTokenEntity,
  AuthorizationRequestEntity,
  CredentialOfferEntity,
  DeferredTransactionEntity,
  IssuedCredentialEntity,
  NonceEntity,
  SpentJtiEntity,
  type AccessTokenRow,
  type AuthorizationRequestRow,
  type CredentialOfferRow,
  type DeferredTransactionRow,
  type IssuedCredentialRow,
} from './entities.js';

/**
 * Small data-access functions for the issuer's protocol state. Single-use values are
 * consumed with one conditional UPDATE/DELETE whose affected-row count says who won, so two
 * instances (or two concurrent requests) can never both redeem the same code or nonce.
 */
export function createIssuerStore(db: Database) {
  const ds = db.dataSource;
  const m = (manager?: EntityManager) => manager ?? ds.manager;

  return {
    async insertOffer(row: CredentialOfferRow): Promise<void> {
      await ds.getRepository(CredentialOfferEntity).insert(row);
    },
    async findOfferById(id: string): Promise<CredentialOfferRow | null> {
      return ds.getRepository(CredentialOfferEntity).findOneBy({ id });
    },
    async findOfferByCodeHash(hash: string): Promise<CredentialOfferRow | null> {
      return ds.getRepository(CredentialOfferEntity).findOneBy({ preAuthorizedCodeHash: hash });
    },
    /** Takes one tx_code try; false when none was left. */
    async takeTxCodeAttempt(id: string): Promise<boolean> {
      const result = await ds
        .createQueryBuilder()
        .update(CredentialOfferEntity)
        .set({ txCodeAttemptsLeft: () => 'tx_code_attempts_left - 1' })
        .where({ id, txCodeAttemptsLeft: MoreThan(0), usedAt: IsNull() })
        .execute();
      return result.affected === 1;
    },
    async consumeOffer(id: string, now: number, manager?: EntityManager): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(CredentialOfferEntity)
        .set({ usedAt: now })
        .where({ id, usedAt: IsNull() })
        .execute();
      return result.affected === 1;
    },

    async insertAccessToken(row: AccessTokenRow, manager?: EntityManager): Promise<void> {
      await m(manager).getRepository(AccessTokenEntity).insert(row);
    },
    async findAccessToken(tokenHash: string): Promise<AccessTokenRow | null> {
      return ds.getRepository(AccessTokenEntity).findOneBy({ tokenHash });
    },

    /**
     * Deletes nonces, spent proof jtis, access tokens and authorization requests (with their codes) that expired
     * before `now`, and credential offers a day after they expired (until then the offer URL
     * answers 410 "expired"): none of them is accepted any more, anonymous traffic creates
     * nonces and authorization requests, and all but nonces hold a personal identity number.
     * One DELETE each, so instances sharing the database may run it at once.
     */
    async purgeExpired(now: number): Promise<number> {
      let deleted = 0;
      const cuts: Array<[EntityTarget<ObjectLiteral>, number]> = [
        [NonceEntity, now],
        [SpentJtiEntity, now],
        [AccessTokenEntity, now],
        [AuthorizationRequestEntity, now],
        [CredentialOfferEntity, now - 86_400],
      ];
      for (const [entity, before] of cuts) {
        const result = await ds
          .createQueryBuilder()
          .delete()
          .from(entity)
          .where({ expiresAt: LessThan(before) })
          .execute();
        deleted += result.affected ?? 0;
      }
      return deleted;
    },

    /**
     * Spends a proof's `jti` (hashed with its kind) until `expiresAt`; false when it was spent
     * before, here or at another instance (the primary key decides).
     */
    async spendJti(jtiHash: string, expiresAt: number): Promise<boolean> {
      if (db.kind === 'postgres') {
        // One statement, not TypeORM's insert (whose query building cost twice the statement's
        // CPU: docs/benchmarks.md, "Issue 24: closer to the floor"); the primary key decides.
        const spent: unknown[] = await ds.query(
          'INSERT INTO spent_jti (jti_hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING jti_hash',
          [jtiHash, expiresAt],
        );
        return spent.length === 1;
      }
      const repository = ds.getRepository(SpentJtiEntity);
      try {
        await repository.insert({ jtiHash, expiresAt });
        return true;
      } catch (err) {
        if (await repository.existsBy({ jtiHash })) return false;
        throw err;
      }
    },

    async insertNonce(valueHash: string, holderId: string, expiresAt: number): Promise<void> {
      await ds.getRepository(NonceEntity).insert({ valueHash, holderId, expiresAt });
    },
    /** Deletes the nonce if it exists, belongs to the holder and is unexpired; true if this call consumed it. */
    async consumeNonce(
      valueHash: string,
      holderId: string,
      now: number,
      manager?: EntityManager,
    ): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .delete()
        .from(NonceEntity)
        .where({ valueHash, holderId, expiresAt: MoreThan(now) })
        .execute();
      return result.affected === 1;
    },

    async insertAuthorizationRequest(row: AuthorizationRequestRow): Promise<void> {
      await ds.getRepository(AuthorizationRequestEntity).insert(row);
    },
    async findAuthorizationRequestByEidState(eidState: string): Promise<AuthorizationRequestRow | null> {
      return ds.getRepository(AuthorizationRequestEntity).findOneBy({ eidState });
    },
    async findAuthorizationRequestByCodeHash(codeHash: string): Promise<AuthorizationRequestRow | null> {
      return ds.getRepository(AuthorizationRequestEntity).findOneBy({ codeHash });
    },
    /** Records who signed in and the code handed to the wallet; only once per request. */
    async completeAuthorization(
      id: string,
      identityNumber: string,
      codeHash: string,
      codeExpiresAt: number,
    ): Promise<boolean> {
      const result = await ds
        .createQueryBuilder()
        .update(AuthorizationRequestEntity)
        .set({ identityNumber, codeHash, expiresAt: codeExpiresAt })
        .where({ id, codeHash: IsNull() })
        .execute();
      return result.affected === 1;
    },
    async consumeAuthorizationCode(id: string, now: number, manager?: EntityManager): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(AuthorizationRequestEntity)
        .set({ usedAt: now })
        .where({ id, usedAt: IsNull() })
        .execute();
      return result.affected === 1;
    },

    async insertIssuedCredential(row: IssuedCredentialRow, manager?: EntityManager): Promise<void> {
      await m(manager).getRepository(IssuedCredentialEntity).insert(row);
    },
    async findIssuedCredential(holderId: string, id: string): Promise<IssuedCredentialRow | null> {
      return ds.getRepository(IssuedCredentialEntity).findOneBy({ holderId, id });
    },
    /**
     * Newest first, `limit` rows after the cursor (the last row of the previous page): ordered by
     * issue time and id, so pages neither skip nor repeat rows issued in the same second.
     */
    async listIssuedCredentials(
      holderId: string,
      options: { identityNumber?: string; limit: number; after?: { issuedAt: number; id: string } },
    ): Promise<IssuedCredentialRow[]> {
      const query = ds
        .getRepository(IssuedCredentialEntity)
        .createQueryBuilder('c')
        .where('c.holderId = :holderId', { holderId });
      if (options.identityNumber)
        query.andWhere('c.identityNumber = :identityNumber', { identityNumber: options.identityNumber });
      if (options.after) {
        query.andWhere('(c.issuedAt < :issuedAt OR (c.issuedAt = :issuedAt AND c.id < :id))', options.after);
      }
      return query.orderBy('c.issuedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(options.limit).getMany();
    },
    async findIssuedByNotificationId(
      holderId: string,
      notificationId: string,
    ): Promise<IssuedCredentialRow[]> {
      return ds.getRepository(IssuedCredentialEntity).findBy({ holderId, notificationId });
    },
    async setWalletEvent(holderId: string, notificationId: string, event: string): Promise<number> {
      const result = await ds
        .createQueryBuilder()
        .update(IssuedCredentialEntity)
        .set({ walletEvent: event })
        .where({ holderId, notificationId })
        .execute();
      return result.affected ?? 0;
    },

    async insertDeferred(row: DeferredTransactionRow, manager?: EntityManager): Promise<void> {
      await m(manager).getRepository(DeferredTransactionEntity).insert(row);
    },
    async findDeferred(transactionIdHash: string): Promise<DeferredTransactionRow | null> {
      return ds.getRepository(DeferredTransactionEntity).findOneBy({ transactionIdHash });
    },
    async completeDeferred(
      transactionIdHash: string,
      now: number,
      manager?: EntityManager,
    ): Promise<boolean> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(DeferredTransactionEntity)
        .set({ completedAt: now })
        .where({ transactionIdHash, completedAt: IsNull() })
        .execute();
      return result.affected === 1;
    },
  };
}

export type IssuerStore = ReturnType<typeof createIssuerStore>;
