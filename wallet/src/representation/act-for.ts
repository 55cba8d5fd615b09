import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { openSealed } from '../credentials/describe-credential.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import type { QueryCandidates } from '../presentation/plan-answer.js';
import { partyId, representationRuleFor, type PartyIdentity } from './represented-parties.js';

export type PartyOf = (row: HeldCredentialRow) => (PartyIdentity & { id: string }) | undefined;

/** For each candidate credential that proves a right to act for someone, that party. */
export function partiesOfCandidates(
  ctx: WalletContext,
  account: AccountRow,
  matches: Array<QueryCandidates<HeldCredentialRow>>,
): PartyOf {
  const parties = new Map<string, (PartyIdentity & { id: string }) | undefined>();
  for (const { row } of matches.flatMap((m) => m.candidates)) {
    if (parties.has(row.id)) continue;
    const rule = representationRuleFor(row.vct);
    const compact = rule ? openSealed(ctx, account, row).copies[0]?.compact : undefined;
    const party = compact ? rule!.party(decodeSdJwtVc(compact).claims) : undefined;
    parties.set(row.id, party ? { id: partyId(party), ...party } : undefined);
  }
  return (row) => parties.get(row.id);
}

/**
 * "Jag företräder" chosen: only the credentials that prove the right to act for that party are
 * offered where a credential of that kind is asked for; the person's own credentials stay.
 * Without a choice every match is offered, as before.
 */
export function restrictToParty<M extends QueryCandidates<HeldCredentialRow>>(
  matches: M[],
  partyOf: PartyOf,
  actingFor: string | undefined,
): M[] {
  if (actingFor === undefined) return matches;
  return matches.map((match) => ({
    ...match,
    candidates: match.candidates.filter((c) => {
      const party = partyOf(c.row);
      return party === undefined || party.id === actingFor;
    }),
  }));
}
