import type { MandateGrantRow } from '../ombud/mandate-grant-entity.js';
import {
  claim,
  holderNumberClaims,
  label,
  type CredentialConfiguration,
  type CredentialDataset,
} from './holder-types.js';
import { endOfSwedishDay, inForce } from './swedish-day.js';

/**
 * The register record Mina ombud answers for an agent: the grants that name them, unrevoked
 * (ombud/mandate-register.ts). One mandate credential is made per grant in force.
 */
export function mandateDatasets(record: Record<string, unknown>, now: number): CredentialDataset[] {
  const grants = (record.mandates ?? []) as MandateGrantRow[];
  return grants
    .filter(
      (grant) =>
        grant.revokedAt === null &&
        inForce({ valid_from: grant.validFrom, valid_until: grant.validUntil }, now),
    )
    .map((grant) => ({
      ref: grant.id,
      claims: {
        principal: grant.principal,
        agent: grant.agent,
        scope: grant.scope,
        valid_from: grant.validFrom,
        valid_until: grant.validUntil,
      },
      expiresAt: endOfSwedishDay(grant.validUntil),
    }));
}

/**
 * The mandate credential (fullmakt): the agent (fullmaktshavare) holds it and presents it with
 * their own identity credential; it names the principal (fullmaktsgivare), the scope
 * (behörigheter) and the validity. What it is about is always shown; who the principal and
 * agent are is disclosable per detail, like a child on a guardian credential.
 */
export const mandate: CredentialConfiguration = {
  id: 'mandate',
  format: 'dc+sd-jwt',
  typeName: 'mandate',
  recordType: 'mandate',
  scope: 'ombud_mandate',
  name: label('Fullmakt', 'Power of attorney'),
  description: label(
    'Att personen är ombud för fullmaktsgivaren, gentemot vilka och för vad, och hur länge.',
    'That the person acts for the principal, towards whom and for what, and for how long.',
  ),
  claims: [
    ...holderNumberClaims,
    claim(['principal'], 'Fullmaktsgivare', 'Principal'),
    claim(['principal', 'given_name'], 'Fullmaktsgivarens förnamn', "Principal's given name"),
    claim(['principal', 'family_name'], 'Fullmaktsgivarens efternamn', "Principal's family name"),
    claim(
      ['principal', 'personal_identity_number'],
      'Fullmaktsgivarens personnummer',
      "Principal's personal identity number",
    ),
    claim(
      ['principal', 'coordination_number'],
      'Fullmaktsgivarens samordningsnummer',
      "Principal's coordination number",
    ),
    claim(['agent'], 'Ombud', 'Agent'),
    claim(['agent', 'given_name'], 'Ombudets förnamn', "Agent's given name"),
    claim(['agent', 'family_name'], 'Ombudets efternamn', "Agent's family name"),
    claim(['agent', 'personal_identity_number'], 'Ombudets personnummer', "Agent's personal identity number"),
    claim(['agent', 'coordination_number'], 'Ombudets samordningsnummer', "Agent's coordination number"),
    claim(['scope'], 'Behörigheter', 'Scope', false),
    claim(['valid_from'], 'Giltig från', 'Valid from', false),
    claim(['valid_until'], 'Giltig till', 'Valid until', false),
  ],
  datasets: mandateDatasets,
  backgroundColor: '#4f2b0b',
  textColor: '#ffffff',
};
