import { DcqlQuery } from 'dcql';
import {
  companyContactProfileClaims,
  companyContactProfileVct,
} from '@min-profil/shared/contact-profile/company-contact-profile';
import { contactProfileClaims } from '@min-profil/shared/contact-profile/contact-profile';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { issuersForType } from '@min-profil/shared/trust-list/trust-queries';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { WalletContext } from '../context.js';
import { claimLabel, type CredentialDisplay, type Localized } from '../credentials/credential-display.js';
import { currentStatus, openSealed } from '../credentials/describe-credential.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { representationRuleFor } from '../representation/represented-parties.js';
import { companyProfileCandidates } from './company-profile-candidate.js';
import { contactProfileCandidate } from './contact-profile-candidate.js';
import { narrowCandidates, typesToRead } from './narrow-candidates.js';
import { satisfiesTrustedAuthorities, splitTrustedAuthorities } from './trusted-authorities.js';

export type ClaimPath = Array<string | number | null>;

interface CredentialQuery {
  id: string;
  format: string;
  meta?: { vct_values?: string[] };
  claims?: Array<{ id?: string; path: ClaimPath; values?: unknown[] }>;
  claim_sets?: string[][];
  multiple?: boolean;
}

export interface QueryMatch {
  queryId: string;
  types: string[];
  multiple?: boolean;
  /** Held credentials that satisfy the query, each with the claim paths that would be sent. */
  candidates: Array<{ row: HeldCredentialRow; paths: ClaimPath[] }>;
}

/** The name a claim path is known by in the API: its segments joined with dots (`address.locality`). */
export function pathName(path: ClaimPath): string {
  return path.map((p) => (p === null ? '*' : String(p))).join('.');
}

/**
 * Runs the DCQL query (the `dcql` library) over the person's stored, currently usable
 * credentials and says, per credential query, which ones match and which claims they would send.
 * A query's `trusted_authorities` are evaluated here (trusted-authorities.ts), not by dcql.
 */
export async function matchCredentials(
  ctx: WalletContext,
  account: AccountRow,
  dcqlInput: Record<string, unknown>,
): Promise<QueryMatch[]> {
  const { query: withoutAuthorities, authorities } = splitTrustedAuthorities(dcqlInput);
  const query = DcqlQuery.parse(withoutAuthorities as DcqlQuery.Input);
  const queries = query.credentials as unknown as CredentialQuery[];
  // Only the credentials the queries' clear terms (format, vct_values) allow are read and
  // opened: the rest would fail dcql's meta check anyway (narrow-candidates.ts).
  const types = typesToRead(queries);
  const held =
    types === undefined
      ? await ctx.store.listCredentials(account.id, ['stored'])
      : await ctx.store.listCredentialsOfTypes(account.id, ['stored'], types);
  const rows = await usable(ctx, narrowCandidates(queries, held));
  /** What trusted_authorities are matched against, per input. */
  const issuedBy: Array<{ header: Record<string, unknown>; iss?: string; vct?: string }> = [];
  const inputs = rows.map((row) => {
    const sealed = openSealed(ctx, account, row);
    const decoded = decodeSdJwtVc(sealed.copies[0]!.compact);
    issuedBy.push({ header: decoded.header, iss: decoded.iss, vct: decoded.vct });
    return {
      credential_format: 'dc+sd-jwt' as const,
      vct: row.vct ?? '',
      claims: decoded.claims as Record<string, never>,
      cryptographic_holder_binding: true,
    };
  });
  // The contact profile is offered too when asked for; it is signed only when shared.
  const profile = await contactProfileCandidate(ctx, account, dcqlInput);
  if (profile) {
    rows.push(profile.row);
    // Self-asserted: no issuer or certificate any trusted authority could name.
    issuedBy.push({ header: {} });
    inputs.push({
      credential_format: 'dc+sd-jwt' as const,
      vct: profile.row.vct!,
      claims: withEmptyFieldsPresent(profile.claims, contactProfileClaims) as Record<string, never>,
      cryptographic_holder_binding: true,
    });
  }
  // So is the company contact profile of each company the person signs for today (issue #21),
  // found by the person's signatory credentials, whichever types the queries name.
  const asksForCompany = queries.some((q) => q.meta?.vct_values?.includes(companyContactProfileVct));
  const signatories = asksForCompany
    ? await usable(
        ctx,
        (await ctx.store.listCredentials(account.id, ['stored'])).filter(
          (row) => representationRuleFor(row.vct)?.typeName === 'signatory',
        ),
      )
    : [];
  for (const company of await companyProfileCandidates(ctx, account, dcqlInput, signatories)) {
    rows.push(company.row);
    // Signed by the company key the wallet service holds: no issuer a trusted authority names.
    issuedBy.push({ header: {} });
    inputs.push({
      credential_format: 'dc+sd-jwt' as const,
      vct: company.row.vct!,
      claims: withEmptyFieldsPresent(company.claims, companyContactProfileClaims) as Record<string, never>,
      cryptographic_holder_binding: true,
    });
  }
  const result = inputs.length > 0 ? DcqlQuery.query(query, inputs) : undefined;
  const trustList = authorities.size > 0 ? await ctx.trustList.get() : undefined;
  const trusted = (queryId: string, index: number) => {
    const asked = authorities.get(queryId);
    return (
      asked === undefined ||
      satisfiesTrustedAuthorities({
        authorities: asked,
        credential: issuedBy[index]!,
        trustList: trustList!,
        trustListUri: ctx.settings.trustListUri,
      })
    );
  };
  return queries.map((q) => {
    const match = result?.credential_matches[q.id] as
      | { success: boolean; valid_credentials?: Array<{ input_credential_index: number; claims: unknown }> }
      | undefined;
    const valid = (match?.success ? (match.valid_credentials ?? []) : []).filter((c) =>
      trusted(q.id, c.input_credential_index),
    );
    const candidates = valid.map((c) => {
      const claimResult = c.claims as { valid_claim_sets?: Array<{ valid_claim_indexes?: number[] }> };
      const indexes = claimResult.valid_claim_sets?.[0]?.valid_claim_indexes;
      // OpenID4VP 1.0 §6.4.1: without `claims` the verifier asks for no selectively disclosable
      // claim; only what the issuer made mandatory (not selectively disclosable) goes.
      const paths: ClaimPath[] = q.claims
        ? (indexes ?? q.claims.map((_, i) => i)).map((i) => q.claims![i]!.path)
        : [];
      return { row: rows[c.input_credential_index]!, paths };
    });
    return {
      queryId: q.id,
      types: q.meta?.vct_values ?? [],
      candidates,
      ...(q.multiple ? { multiple: true } : {}),
    };
  });
}

/** The stored credentials that can be presented now: valid, or of a status that cannot be read. */
async function usable(ctx: WalletContext, held: HeldCredentialRow[]): Promise<HeldCredentialRow[]> {
  const rows: HeldCredentialRow[] = [];
  for (const row of held) {
    const status = await currentStatus(ctx, row);
    if (status === 'valid' || status === 'unknown') rows.push(row);
  }
  return rows;
}

/** The claims a query asks for, with labels from the first matching credential's metadata. */
export function describeRequestedClaims(
  query: CredentialQuery,
  display: CredentialDisplay | undefined,
): Array<{ name: string; path: ClaimPath; label: Localized }> {
  return (query.claims ?? []).map((c) => ({
    name: pathName(c.path),
    path: c.path,
    label: display ? claimLabel(display, c.path) : { und: pathName(c.path) },
  }));
}

/** Which holders (from the trust list) issue the types a query asks for. */
export function holdersFor(list: TrustList, types: string[]) {
  const seen = new Map<string, ReturnType<typeof issuersForType>[number]>();
  for (const type of types) for (const issuer of issuersForType(list, type)) seen.set(issuer.id, issuer);
  return [...seen.values()].map((issuer) => ({
    id: issuer.id,
    name: issuer.name,
    credential_issuer: issuer.credential_issuer,
    credential_configuration_ids: issuer.credential_types
      .filter((t) => types.includes(t.type))
      .map((t) => t.credential_configuration_id),
  }));
}

export type { CredentialQuery };

/**
 * docs/standing-permissions.md: a contact-profile field the person left empty is still shared,
 * as `null`. DCQL counts a missing claim as unmet, so for matching only it stands in as an
 * empty object: present, yet matching no `values` entry (as the verifier reads it too).
 */
function withEmptyFieldsPresent(
  claims: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const filled = { ...claims };
  for (const name of fields) filled[name] ??= {};
  return filled;
}
