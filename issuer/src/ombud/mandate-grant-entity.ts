import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/** A person as a power of attorney names them (from the population register at the grant). */
export interface MandateParty {
  given_name: string;
  family_name: string;
  personal_identity_number?: string;
  coordination_number?: string;
}

/**
 * Behörigheter: towards which bodies (tredje man, by org number) and for which purposes (the
 * purpose codes the bodies publish, or credential configuration ids) the agent may act.
 */
export interface MandateScope {
  relying_parties: 'all' | string[];
  purposes: 'all' | string[];
}

/** One power of attorney at Mina ombud (docs/representation.md). */
export interface MandateGrantRow {
  id: string;
  principalNumber: string;
  agentNumber: string;
  principal: MandateParty;
  agent: MandateParty;
  scope: MandateScope;
  /** YYYY-MM-DD, both days included (Swedish time). */
  validFrom: string;
  validUntil: string;
  createdAt: number;
  revokedAt: number | null;
}

export const MandateGrantEntity = new EntitySchema<MandateGrantRow>({
  name: 'MandateGrant',
  tableName: 'mandate_grant',
  columns: {
    id: { type: 'varchar', primary: true },
    principalNumber: textColumn('principal_number'),
    agentNumber: textColumn('agent_number'),
    principal: jsonColumn('principal'),
    agent: jsonColumn('agent'),
    scope: jsonColumn('scope'),
    validFrom: textColumn('valid_from'),
    validUntil: textColumn('valid_until'),
    createdAt: epochColumn('created_at'),
    revokedAt: epochColumn('revoked_at', true),
  },
  indices: [
    { name: 'idx_mandate_grant_principal', columns: ['principalNumber'] },
    { name: 'idx_mandate_grant_agent', columns: ['agentNumber'] },
  ],
});
