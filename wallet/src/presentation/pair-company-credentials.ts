import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { openSealed } from '../credentials/describe-credential.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import type { PartyOf } from '../representation/act-for.js';
import { orgOfCompanyProfileRow } from './company-profile-candidate.js';
import type { QueryCandidates } from './plan-answer.js';
import type { PresentationResponseBody } from './z-presentation-response.js';

/** The company a candidate is about, for the company identity and company profile only. */
export type CompanyOf = (row: HeldCredentialRow) => string | undefined;

/** Reads the org number of each company identity candidate (and names a profile stand-in's). */
export function companiesOfCandidates(
  ctx: WalletContext,
  account: AccountRow,
  matches: Array<QueryCandidates<HeldCredentialRow>>,
): CompanyOf {
  const orgs = new Map<string, string | undefined>();
  for (const { row } of matches.flatMap((m) => m.candidates)) {
    if (orgs.has(row.id)) continue;
    let org = orgOfCompanyProfileRow(row);
    if (org === undefined && row.vct?.split('/').at(-1) === 'company_identity') {
      const compact = openSealed(ctx, account, row).copies[0]?.compact;
      const claim = compact ? decodeSdJwtVc(compact).claims.org_number : undefined;
      org = typeof claim === 'string' ? claim : undefined;
    }
    orgs.set(row.id, org);
  }
  return (row) => orgs.get(row.id);
}

/**
 * A company's credentials go with the signatory credential of the same company (issue #21):
 * where the answer sends a signatory credential (the person's choice, else the first), only the
 * company identity and the company contact profile of that company stay offered. A company
 * profile goes only beside a signatory credential; a company identity asked for without one is
 * left as it is.
 */
export function pairCompanyCredentials<M extends QueryCandidates<HeldCredentialRow>>(
  matches: M[],
  partyOf: PartyOf,
  companyOf: CompanyOf,
  choice: Pick<PresentationResponseBody, 'credentials'>,
): M[] {
  const signatoryOrgs = matches
    .map((match) => {
      const signatories = match.candidates.filter((c) => partyOf(c.row)?.kind === 'company');
      if (signatories.length === 0) return undefined;
      const wanted = choice.credentials?.[match.queryId];
      const chosen = wanted ? signatories.find((c) => c.row.id === wanted) : signatories[0];
      return chosen ? partyOf(chosen.row)?.identifier.value : undefined;
    })
    .filter((org): org is string => org !== undefined);
  return matches.map((match) => ({
    ...match,
    candidates: match.candidates.filter((c) => {
      const org = companyOf(c.row);
      if (org === undefined) return true;
      if (orgOfCompanyProfileRow(c.row) === undefined && signatoryOrgs.length === 0) return true;
      return signatoryOrgs.includes(org);
    }),
  }));
}
