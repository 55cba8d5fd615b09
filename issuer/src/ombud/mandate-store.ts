import { IsNull } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { IssuedCredentialEntity, type IssuedCredentialRow } from '../persistence/entities.js';
import { MandateGrantEntity, type MandateGrantRow } from './mandate-grant-entity.js';

/** Mina ombud's grants, and the credentials issued for one (to revoke them with it). */
export function createMandateStore(db: Database) {
  const grants = () => db.dataSource.getRepository(MandateGrantEntity);
  return {
    async insert(row: MandateGrantRow): Promise<void> {
      await grants().insert(row);
    },
    async find(id: string): Promise<MandateGrantRow | null> {
      return grants().findOneBy({ id });
    },
    /** What the principal has granted, newest first. */
    async byPrincipal(principalNumber: string): Promise<MandateGrantRow[]> {
      return grants().find({ where: { principalNumber }, order: { createdAt: 'DESC', id: 'DESC' } });
    },
    /** What the agent holds and nobody has revoked (validity is the caller's to judge). */
    async unrevokedForAgent(agentNumber: string): Promise<MandateGrantRow[]> {
      return grants().find({
        where: { agentNumber, revokedAt: IsNull() },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
    },
    /** Marks the grant revoked unless it already is; false when it was. */
    async markRevoked(id: string, now: number): Promise<boolean> {
      const result = await grants().update({ id, revokedAt: IsNull() }, { revokedAt: now });
      return (result.affected ?? 0) > 0;
    },
    /** The credentials issued at `holderId` under one credential identifier. */
    async issuedUnder(holderId: string, credentialIdentifier: string): Promise<IssuedCredentialRow[]> {
      return db.dataSource.getRepository(IssuedCredentialEntity).findBy({ holderId, credentialIdentifier });
    },
  };
}

export type MandateStore = ReturnType<typeof createMandateStore>;
