import { MoreThan } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { LoginRequestEntity, SessionEntity, type LoginRequestRow, type SessionRow } from './entities.js';
import { takeOnce } from './take-once.js';

/**
 * Signing in: the eID sign-in in progress and the browser sessions it starts. A sign-in is
 * consumed with one DELETE whose affected-row count says who won, so two instances behave as one.
 */
export function createSessionStore(db: Database) {
  const ds = db.dataSource;

  return {
    async insertSession(row: SessionRow): Promise<void> {
      await ds.getRepository(SessionEntity).insert(row);
    },
    async findSession(idHash: string, now: number): Promise<SessionRow | null> {
      return ds.getRepository(SessionEntity).findOneBy({ idHash, expiresAt: MoreThan(now) });
    },
    async deleteSession(idHash: string): Promise<void> {
      await ds.getRepository(SessionEntity).delete({ idHash });
    },

    // eID sign-in in progress
    async insertLoginRequest(row: LoginRequestRow): Promise<void> {
      await ds.getRepository(LoginRequestEntity).insert(row);
    },
    /** Finds and deletes the sign-in; null when unknown, used or expired. */
    async takeLoginRequest(state: string, now: number): Promise<LoginRequestRow | null> {
      return takeOnce(ds.getRepository(LoginRequestEntity), { state }, now);
    },
  };
}
