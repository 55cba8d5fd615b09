/** What the wallet's /api/ombud answers (wallet/src/ombud/z-ombud.ts). */
export interface MandateParty {
  given_name?: string;
  family_name?: string;
  personal_identity_number?: string;
  coordination_number?: string;
}

export interface MandateGrant {
  id: string;
  principal: MandateParty;
  agent: MandateParty;
  scope: { relying_parties: 'all' | string[]; purposes: 'all' | string[] };
  valid_from: string;
  valid_until: string;
  status: 'active' | 'not_yet_valid' | 'expired' | 'revoked';
  created_at: string;
  revoked_at?: string;
}

export type OmbudState =
  | { signed_in: false }
  | { signed_in: true; signed_in_until: string; given: MandateGrant[]; received: MandateGrant[] };

export function partyName(p: MandateParty): string {
  const name = [p.given_name, p.family_name].filter(Boolean).join(' ');
  return name || p.personal_identity_number || p.coordination_number || '?';
}
