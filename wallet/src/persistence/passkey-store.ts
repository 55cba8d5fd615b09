import type { Database } from '@min-profil/shared/db';
import { AccountEntity } from './entities.js';
import {
  PasskeyEntity,
  WebAuthnChallengeEntity,
  WrappedKeyEntity,
  type PasskeyRow,
  type WebAuthnChallengeRow,
  type WrappedKeyRow,
} from './passkey-entities.js';
import { takeOnce } from './take-once.js';

/** Passkeys, their single-use challenges and the wrapped holder keys (docs/passkeys.md). */
export function createPasskeyStore(db: Database) {
  const ds = db.dataSource;

  return {
    async insertWebAuthnChallenge(row: WebAuthnChallengeRow): Promise<void> {
      await ds.getRepository(WebAuthnChallengeEntity).insert(row);
    },
    /** Finds and deletes the challenge: only one caller ever gets it (a replay gets null). */
    async takeWebAuthnChallenge(challengeHash: string, now: number): Promise<WebAuthnChallengeRow | null> {
      return takeOnce(ds.getRepository(WebAuthnChallengeEntity), { challengeHash }, now);
    },
    async listPasskeys(accountId: string): Promise<PasskeyRow[]> {
      return ds.getRepository(PasskeyEntity).find({ where: { accountId }, order: { createdAt: 'ASC' } });
    },
    async findPasskey(id: string): Promise<PasskeyRow | null> {
      return ds.getRepository(PasskeyEntity).findOneBy({ id });
    },
    /** Stores a new passkey; the account's holder keys are from now on the person's. */
    async insertPasskey(row: PasskeyRow): Promise<void> {
      await db.transaction(async (manager) => {
        await manager.getRepository(PasskeyEntity).insert(row);
        await manager
          .getRepository(AccountEntity)
          .update({ id: row.accountId }, { keyProtection: 'passkey' });
      });
    },
    async recordPasskeyUse(id: string, counter: number, now: number): Promise<void> {
      await ds.getRepository(PasskeyEntity).update({ id }, { counter, lastUsedAt: now });
    },
    /** Sets the wrapped account key once; false when the passkey is unknown or already has one. */
    async setWrappedAccountKey(accountId: string, id: string, wrapped: string): Promise<boolean> {
      const result = await ds
        .getRepository(PasskeyEntity)
        .createQueryBuilder()
        .update()
        .set({ wrappedAccountKey: wrapped })
        .where('id = :id AND account_id = :accountId AND wrapped_account_key IS NULL', { id, accountId })
        .execute();
      return (result.affected ?? 0) === 1;
    },
    /**
     * Deletes a passkey unless it is the account's last while wrapped keys exist (they would
     * be lost for good). One transaction, so two removals at once cannot both pass the check.
     */
    async deletePasskey(accountId: string, id: string): Promise<'deleted' | 'not_found' | 'last'> {
      return db.transaction(async (manager) => {
        const passkeys = manager.getRepository(PasskeyEntity);
        const mine = await passkeys.find({ where: { accountId }, lock: lockFor(db) });
        if (!mine.some((p) => p.id === id)) return 'not_found';
        if (mine.length === 1 && (await manager.getRepository(WrappedKeyEntity).countBy({ accountId })) > 0) {
          return 'last';
        }
        await passkeys.delete({ accountId, id });
        // No passkey and no key it protects: the account is back to service-held keys.
        if (mine.length === 1) {
          await manager.getRepository(AccountEntity).update({ id: accountId }, { keyProtection: null });
        }
        return 'deleted';
      });
    },
    async insertWrappedKeys(rows: WrappedKeyRow[]): Promise<void> {
      if (rows.length > 0) await ds.getRepository(WrappedKeyEntity).insert(rows);
    },
    async listWrappedKeys(accountId: string): Promise<WrappedKeyRow[]> {
      return ds.getRepository(WrappedKeyEntity).find({ where: { accountId }, order: { createdAt: 'ASC' } });
    },
    async findWrappedKey(accountId: string, id: string): Promise<WrappedKeyRow | null> {
      return ds.getRepository(WrappedKeyEntity).findOneBy({ accountId, id });
    },
  };
}

/** Row locks where the dialect has them (PostgreSQL); SQLite serialises writers anyway. */
function lockFor(db: Database) {
  return db.kind === 'postgres' ? ({ mode: 'pessimistic_write' } as const) : undefined;
}

export type PasskeyStore = ReturnType<typeof createPasskeyStore>;
