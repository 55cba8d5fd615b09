import type { Database } from '@min-profil/shared/db';
import { SigningRequestEntity, type SigningRequestRow } from './signing-request-entities.js';
import { takeOnce } from './take-once.js';

/** Signing requests for the page (docs/passkeys.md); expired ones go with housekeeping. */
export function createSigningRequestStore(db: Database) {
  const repository = () => db.dataSource.getRepository(SigningRequestEntity);
  return {
    async insertSigningRequest(row: SigningRequestRow): Promise<void> {
      await repository().insert(row);
    },
    /** Read without taking it (the page reads what to sign): only the account's own, not expired. */
    async findSigningRequest(accountId: string, id: string, now: number): Promise<SigningRequestRow | null> {
      const row = await repository().findOneBy({ accountId, id });
      return row && row.expiresAt > now ? row : null;
    },
    /** Only one caller ever gets it: a replay, or one past its expiry, gets null. */
    async takeSigningRequest(accountId: string, id: string, now: number): Promise<SigningRequestRow | null> {
      return takeOnce(repository(), { accountId, id }, now);
    },
  };
}
