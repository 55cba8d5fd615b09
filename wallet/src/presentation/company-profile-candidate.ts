import {
  companyContactProfileVct,
  companyProfileOrgClaim,
} from '@min-profil/shared/contact-profile/company-contact-profile';
import { OAuthError } from '@min-profil/shared/errors';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import type { CredentialDisplay } from '../credentials/credential-display.js';
import { openSealed } from '../credentials/describe-credential.js';
import { openCompanyProfile } from '../companies/company-profile.js';
import { currentSignatory } from '../companies/current-signatory.js';
import {
  companyProfileClaims,
  signCompanyProfileCredential,
} from '../companies/sign-company-profile-credential.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { representationRuleFor } from '../representation/represented-parties.js';
import { createChangeId } from '../standing-permissions/enqueue-profile-deliveries.js';
import type { ClaimPath } from './match-credentials.js';

/**
 * The company contact profile as a matching credential of an OpenID4VP request (issue #21,
 * docs/representation.md "At the permit office"): one stand-in row per company the person signs
 * for today, signed fresh by the company key, with only the approved fields, when shared.
 */
const prefix = 'company-profile:';

export const companyProfileCredentialId = (orgNumber: string) => `${prefix}${orgNumber}`;

/** The org number of a company-profile stand-in row, or undefined for any other row. */
export function orgOfCompanyProfileRow(row: Pick<HeldCredentialRow, 'id'>): string | undefined {
  return row.id.startsWith(prefix) ? row.id.slice(prefix.length) : undefined;
}

const companyProfileDisplay = (companyName: string): CredentialDisplay => ({
  name: { sv: `Kontaktuppgifter för ${companyName}`, en: `Contact details of ${companyName}` },
  description: {
    sv: 'Företagets kontaktuppgifter, angivna av dess firmatecknare',
    en: 'The company’s contact details, as its signatories gave them',
  },
  issuer_name: {
    sv: 'Företaget (företagets nyckel, förvarad av plånbokstjänsten)',
    en: 'The company (its key, held by the wallet service)',
  },
  claims: [
    { path: ['address'], label: { sv: 'Besöksadress', en: 'Visiting address' } },
    {
      path: ['official_mail_address'],
      label: { sv: 'Adress för myndighetspost', en: 'Address for official mail' },
    },
    { path: ['emails'], label: { sv: 'E-postadresser', en: 'E-mail addresses' } },
    { path: ['phones'], label: { sv: 'Telefonnummer', en: 'Phone numbers' } },
    { path: ['preferred_language'], label: { sv: 'Föredraget språk', en: 'Preferred language' } },
    { path: [companyProfileOrgClaim], label: { sv: 'Organisationsnummer', en: 'Organisation number' } },
  ],
});

/** Does any credential query of this DCQL ask for a company contact profile? */
function asksForCompanyProfile(dcql: Record<string, unknown>): boolean {
  const queries = (dcql.credentials ?? []) as Array<{ meta?: { vct_values?: string[] } }>;
  return queries.some((q) => q.meta?.vct_values?.includes(companyContactProfileVct));
}

/** The org numbers the person's stored signatory credentials name (checked further by the caller). */
function signatoryOrgNumbers(ctx: WalletContext, account: AccountRow, rows: HeldCredentialRow[]): string[] {
  const orgs = new Set<string>();
  for (const row of rows) {
    if (representationRuleFor(row.vct)?.typeName !== 'signatory') continue;
    const compact = openSealed(ctx, account, row).copies[0]?.compact;
    const org = compact ? decodeSdJwtVc(compact).claims.org_number : undefined;
    if (typeof org === 'string') orgs.add(org);
  }
  return [...orgs];
}

/**
 * One stand-in row per company whose profile is saved and for which the person is a current
 * signatory now (current-signatory.ts, the company screen's check: a revoked or ended signatory
 * credential, or a status list that cannot be read, offers nothing), with the claims the
 * credential would carry. None when the request does not ask for a company profile.
 */
export async function companyProfileCandidates(
  ctx: WalletContext,
  account: AccountRow,
  dcql: Record<string, unknown>,
  rows: HeldCredentialRow[],
): Promise<Array<{ row: HeldCredentialRow; claims: Record<string, unknown> }>> {
  if (!asksForCompanyProfile(dcql)) return [];
  const found: Array<{ row: HeldCredentialRow; claims: Record<string, unknown> }> = [];
  for (const orgNumber of signatoryOrgNumbers(ctx, account, rows)) {
    let companyName: string;
    try {
      ({ companyName } = await currentSignatory(ctx, account, orgNumber));
    } catch (error) {
      if (error instanceof OAuthError) continue;
      throw error;
    }
    const stored = await ctx.store.findCompanyProfile(orgNumber);
    if (!stored) continue;
    const now = ctx.now();
    const id = companyProfileCredentialId(orgNumber);
    found.push({
      claims: {
        vct: companyContactProfileVct,
        [companyProfileOrgClaim]: orgNumber,
        ...companyProfileClaims(openCompanyProfile(ctx, stored)),
      },
      row: {
        id,
        accountId: account.id,
        offerId: id,
        state: 'stored',
        credentialIssuer: 'self',
        configurationId: 'company-profile',
        format: 'dc+sd-jwt',
        vct: companyContactProfileVct,
        display: companyProfileDisplay(companyName),
        issuedAt: now,
        expiresAt: null,
        statusUri: null,
        statusIdx: null,
        copies: 1,
        sealed: '',
        createdAt: now,
        nextPollAt: null,
      },
    });
  }
  return found;
}

/**
 * The company profile signed now by the company key with exactly these fields, plus a KB-JWT
 * for this verifier by the same key (its `cnf`). The signatory is checked once more here.
 */
export async function presentCompanyProfile(
  ctx: WalletContext,
  account: AccountRow,
  options: { orgNumber: string; paths: ClaimPath[]; nonce: string; audience: string },
): Promise<{ presentation: string; profileVersion: number; fields: string[] }> {
  await currentSignatory(ctx, account, options.orgNumber);
  const fields = [
    ...new Set(
      options.paths
        .map((p) => p[0])
        .filter((p): p is string => typeof p === 'string' && p !== companyProfileOrgClaim),
    ),
  ];
  const signed = await signCompanyProfileCredential(ctx, options.orgNumber, {
    fields,
    changeId: createChangeId(),
  });
  const presentation = await signed.appendKeyBinding({ audience: options.audience, nonce: options.nonce });
  return { presentation, profileVersion: signed.profileVersion, fields };
}
