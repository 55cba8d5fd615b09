import { In, IsNull, LessThanOrEqual, MoreThan, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import {
  AccountEntity,
  HeldCredentialEntity,
  HolderAuthorizationEntity,
  HolderFetchStartEntity,
  LogEntryEntity,
  LoginRequestEntity,
  PersonalTokenEntity,
  PresentationRequestEntity,
  SessionEntity,
  type AccountRow,
  type CredentialState,
  type HeldCredentialRow,
  type HolderAuthorizationRow,
  type HolderFetchStartRow,
  type LogEntryRow,
  type LoginRequestRow,
  type PersonalTokenRow,
  type PresentationRequestRow,
  type SessionRow,
} from './entities.js';
import { ApprovalRecordEntity, type ApprovalRecordRow } from './approval-entities.js';

export interface LogFilter {
  event?: string;
  counterparty?: string;
  from?: number;
  to?: number;
  limit?: number;
}

/**
 * Small data-access functions. Single-use values (sign-in state, holder authorization state,
 * a presentation request's answer) are consumed with one conditional DELETE/UPDATE whose
 * affected-row count says who won, so two instances behave as one.
 */
export function createWalletStore(db: Database) {
  const ds = db.dataSource;
  const m = (manager?: EntityManager) => manager ?? ds.manager;

  return {
    // accounts
    async findAccountByIdentity(identityNumber: string): Promise<AccountRow | null> {
      return ds.getRepository(AccountEntity).findOneBy({ identityNumber });
    },
    async findAccount(id: string): Promise<AccountRow | null> {
      return ds.getRepository(AccountEntity).findOneBy({ id });
    },
    /** Inserts the account unless one exists for the number; returns the one that is stored. */
    async insertAccountIfAbsent(row: AccountRow): Promise<AccountRow> {
      return db.transaction(async (manager) => {
        const existing = await manager
          .getRepository(AccountEntity)
          .findOneBy({ identityNumber: row.identityNumber });
        if (existing) return existing;
        await manager.getRepository(AccountEntity).insert(row);
        return row;
      });
    },

    // sessions
    async insertSession(row: SessionRow): Promise<void> {
      await ds.getRepository(SessionEntity).insert(row);
    },
    async findSession(idHash: string, now: number): Promise<SessionRow | null> {
      return ds.getRepository(SessionEntity).findOneBy({ idHash, expiresAt: MoreThan(now) });
    },
    async deleteSession(idHash: string): Promise<void> {
      await ds.getRepository(SessionEntity).delete({ idHash });
    },

    // personal access tokens
    async insertPersonalToken(row: PersonalTokenRow): Promise<void> {
      await ds.getRepository(PersonalTokenEntity).insert(row);
    },
    async findPersonalToken(tokenHash: string): Promise<PersonalTokenRow | null> {
      return ds.getRepository(PersonalTokenEntity).findOneBy({ tokenHash });
    },
    async touchPersonalToken(id: string, now: number): Promise<void> {
      await ds.getRepository(PersonalTokenEntity).update({ id }, { lastUsedAt: now });
    },
    async listPersonalTokens(accountId: string): Promise<PersonalTokenRow[]> {
      return ds
        .getRepository(PersonalTokenEntity)
        .find({ where: { accountId }, order: { createdAt: 'ASC' } });
    },
    async deletePersonalToken(accountId: string, id: string): Promise<boolean> {
      const result = await ds.getRepository(PersonalTokenEntity).delete({ accountId, id });
      return (result.affected ?? 0) > 0;
    },

    // eID sign-in in progress
    async insertLoginRequest(row: LoginRequestRow): Promise<void> {
      await ds.getRepository(LoginRequestEntity).insert(row);
    },
    /** Finds and deletes the sign-in; null when unknown, used or expired. */
    async takeLoginRequest(state: string, now: number): Promise<LoginRequestRow | null> {
      const row = await ds.getRepository(LoginRequestEntity).findOneBy({ state });
      if (!row) return null;
      const result = await ds.getRepository(LoginRequestEntity).delete({ state });
      return result.affected === 1 && row.expiresAt > now ? row : null;
    },

    // wallet-initiated issuance in progress
    async insertHolderAuthorization(row: HolderAuthorizationRow): Promise<void> {
      await ds.getRepository(HolderAuthorizationEntity).insert(row);
    },
    async takeHolderAuthorization(state: string, now: number): Promise<HolderAuthorizationRow | null> {
      const row = await ds.getRepository(HolderAuthorizationEntity).findOneBy({ state });
      if (!row) return null;
      const result = await ds.getRepository(HolderAuthorizationEntity).delete({ state });
      return result.affected === 1 && row.expiresAt > now ? row : null;
    },
    async findHolderAuthorization(state: string): Promise<HolderAuthorizationRow | null> {
      return ds.getRepository(HolderAuthorizationEntity).findOneBy({ state });
    },
    async insertHolderFetchStart(row: HolderFetchStartRow): Promise<void> {
      await ds.getRepository(HolderFetchStartEntity).insert(row);
    },
    /** One-time: the row is deleted by whoever takes it first; an expired one is not returned. */
    async takeHolderFetchStart(tokenHash: string, now: number): Promise<HolderFetchStartRow | null> {
      const row = await ds.getRepository(HolderFetchStartEntity).findOneBy({ tokenHash });
      if (!row) return null;
      const result = await ds.getRepository(HolderFetchStartEntity).delete({ tokenHash });
      return result.affected === 1 && row.expiresAt > now ? row : null;
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
    async deleteExpiredHolderFetchStarts(now: number): Promise<void> {
      await ds.getRepository(HolderFetchStartEntity).delete({ expiresAt: LessThanOrEqual(now) });
    },

    // credentials
    async insertCredentials(rows: HeldCredentialRow[], manager?: EntityManager): Promise<void> {
      if (rows.length > 0)
        await m(manager)
          .getRepository(HeldCredentialEntity)
          .insert(rows as never);
    },
    async listCredentials(accountId: string, states: CredentialState[]): Promise<HeldCredentialRow[]> {
      return ds
        .getRepository(HeldCredentialEntity)
        .find({ where: { accountId, state: In(states) }, order: { createdAt: 'DESC' } });
    },
    async findCredential(accountId: string, id: string): Promise<HeldCredentialRow | null> {
      return ds.getRepository(HeldCredentialEntity).findOneBy({ accountId, id });
    },
    async listOffer(accountId: string, offerId: string): Promise<HeldCredentialRow[]> {
      return ds
        .getRepository(HeldCredentialEntity)
        .find({ where: { accountId, offerId }, order: { createdAt: 'ASC', id: 'ASC' } });
    },
    async updateCredential(
      where: FindOptionsWhere<HeldCredentialRow>,
      values: Partial<HeldCredentialRow>,
      manager?: EntityManager,
    ): Promise<number> {
      const result = await m(manager)
        .createQueryBuilder()
        .update(HeldCredentialEntity)
        .set(values)
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
      return ds
        .getRepository(HeldCredentialEntity)
        .findBy({ accountId, state: 'pending', createdAt: LessThanOrEqual(before) });
    },

    // presentation requests
    async insertPresentationRequest(row: PresentationRequestRow): Promise<void> {
      await ds.getRepository(PresentationRequestEntity).insert(row as never);
    },
    async findPresentationRequest(accountId: string, id: string): Promise<PresentationRequestRow | null> {
      return ds.getRepository(PresentationRequestEntity).findOneBy({ accountId, id });
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
    async unmarkPresentationAnswered(id: string): Promise<void> {
      await ds.getRepository(PresentationRequestEntity).update({ id }, { answeredAt: null });
    },

    // approvals
    async insertApproval(row: ApprovalRecordRow): Promise<void> {
      await ds.getRepository(ApprovalRecordEntity).insert(row as never);
    },
    async listApprovals(accountId: string): Promise<ApprovalRecordRow[]> {
      return ds
        .getRepository(ApprovalRecordEntity)
        .find({ where: { accountId }, order: { approvedAt: 'DESC' } });
    },
    async findApproval(accountId: string, id: string): Promise<ApprovalRecordRow | null> {
      return ds.getRepository(ApprovalRecordEntity).findOneBy({ accountId, id });
    },

    // log
    async insertLogEntry(row: LogEntryRow, manager?: EntityManager): Promise<void> {
      await m(manager).getRepository(LogEntryEntity).insert(row);
    },
    async listLog(accountId: string, filter: LogFilter = {}): Promise<LogEntryRow[]> {
      const qb = ds
        .getRepository(LogEntryEntity)
        .createQueryBuilder('e')
        .where('e.account_id = :accountId', { accountId });
      if (filter.event) qb.andWhere('e.event = :event', { event: filter.event });
      if (filter.counterparty) qb.andWhere('e.counterparty = :cp', { cp: filter.counterparty });
      if (filter.from !== undefined) qb.andWhere('e.at >= :from', { from: filter.from });
      if (filter.to !== undefined) qb.andWhere('e.at <= :to', { to: filter.to });
      return qb
        .orderBy('e.at', 'DESC')
        .addOrderBy('e.id', 'ASC')
        .take(filter.limit ?? 1000)
        .getMany();
    },
    async deleteLog(accountId: string): Promise<number> {
      const result = await ds.getRepository(LogEntryEntity).delete({ accountId });
      return result.affected ?? 0;
    },
  };
}

export type WalletStore = ReturnType<typeof createWalletStore>;
