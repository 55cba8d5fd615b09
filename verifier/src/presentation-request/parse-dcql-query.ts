import { DcqlQuery } from 'dcql';
import { OAuthError } from '@min-profil/shared/errors';
import type { ClaimPath } from '@min-profil/shared/trust-list/z-trust-list';
import {
  namesOwnListAsEtsi,
  OWN_TRUST_LIST_TYPE,
  separateOwnAuthorities,
  withOwnAuthorities,
} from './own-trust-list-authority.js';

export type ParsedDcqlQuery = DcqlQuery.Output;

/** Credential formats this verifier can verify (OpenID4VP 1.0 Appendix B). */
export const SUPPORTED_FORMATS = ['dc+sd-jwt', 'jwt_vc_json'] as const;
export type SupportedFormat = (typeof SUPPORTED_FORMATS)[number];

const MAX_QUERY_BYTES = 16 * 1024;

/**
 * Parses and validates a DCQL query (OpenID4VP 1.0 §6) with the `dcql` library: credential
 * queries with `format`, `meta`, `claims` paths, `claim_sets`, `multiple`, `credential_sets`
 * and `trusted_authorities` (with our own type for this verifier's trust list,
 * own-trust-list-authority.ts). Formats other than SD-JWT VC and W3C VC-JWT are refused.
 */
export function parseDcqlQuery(input: unknown, options: { trustListUri?: string } = {}): ParsedDcqlQuery {
  if (JSON.stringify(input ?? null).length > MAX_QUERY_BYTES) {
    throw new OAuthError('invalid_request', `dcql_query is larger than ${MAX_QUERY_BYTES} bytes`);
  }
  if (options.trustListUri !== undefined && namesOwnListAsEtsi(input, options.trustListUri)) {
    throw new OAuthError(
      'invalid_request',
      `invalid dcql_query: trusted_authorities type etsi_tl is for ETSI TS 119 612 trusted lists; name this verifier's trust list with type ${OWN_TRUST_LIST_TYPE}`,
    );
  }
  const { query: theirs, own } = separateOwnAuthorities(input);
  let query: ParsedDcqlQuery;
  try {
    query = DcqlQuery.parse(theirs as DcqlQuery.Input);
    DcqlQuery.validate(query);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.split('\n')[0].slice(0, 300) : 'invalid';
    throw new OAuthError('invalid_request', `invalid dcql_query: ${message}`, { cause });
  }
  for (const credential of query.credentials) {
    if (!(SUPPORTED_FORMATS as readonly string[]).includes(credential.format)) {
      throw new OAuthError(
        'invalid_request',
        `invalid dcql_query: credential query ${credential.id} asks for format ${credential.format}; supported: ${SUPPORTED_FORMATS.join(', ')}`,
      );
    }
  }
  return withOwnAuthorities(query, own);
}

export type CredentialQuery = ParsedDcqlQuery['credentials'][number];

/** The `vct` values (dc+sd-jwt) or last W3C type names (jwt_vc_json) a credential query accepts. */
export function typesOfCredentialQuery(credential: CredentialQuery): string[] {
  const meta = credential.meta as Record<string, unknown> | undefined;
  if (credential.format === 'dc+sd-jwt') return (meta?.vct_values as string[] | undefined) ?? [];
  const typeValues = (meta?.type_values as string[][] | undefined) ?? [];
  return typeValues.map((types) => types[types.length - 1]).filter((t): t is string => !!t);
}

/**
 * The claim paths a credential query asks for; none when it names no `claims`. OpenID4VP 1.0
 * §6.4.1: without `claims` the verifier requests no selectively disclosable claim, only the
 * credential with what is mandatory to present.
 */
export function claimPathsOfCredentialQuery(credential: CredentialQuery): ClaimPath[] {
  const claims = (credential as { claims?: Array<{ path?: ClaimPath }> }).claims;
  if (!claims) return [];
  return claims.map((c) => c.path).filter((p): p is ClaimPath => Array.isArray(p));
}

/**
 * The alternative sets of claim paths a wallet may disclose for a credential query
 * (OpenID4VP 1.0 §6.4.1): one per `claim_sets` entry, or one with every claim without
 * `claim_sets`, or one empty set without `claims`.
 */
export function claimSetsOfCredentialQuery(credential: CredentialQuery): ClaimPath[][] {
  const { claims, claim_sets: sets } = credential as {
    claims?: Array<{ id?: string; path?: ClaimPath }>;
    claim_sets?: string[][];
  };
  if (!claims || !sets || sets.length === 0) return [claimPathsOfCredentialQuery(credential)];
  return sets.map((ids) =>
    claims
      .filter((c) => c.id !== undefined && ids.includes(c.id))
      .map((c) => c.path)
      .filter((p): p is ClaimPath => Array.isArray(p)),
  );
}

/** What the query asks for, per type, in the form `claimsBeyondRegistration` reads. */
export function requestedTypesAndClaims(
  query: ParsedDcqlQuery,
): Array<{ format: SupportedFormat; type: string; claims: ClaimPath[] }> {
  return query.credentials.flatMap((credential) => {
    const types = typesOfCredentialQuery(credential);
    // Conservative for the registration check: a query without `claims` still asks for the
    // credential (and a VC-JWT reveals all of it), so it counts as asking for everything.
    const named = claimPathsOfCredentialQuery(credential);
    const claims: ClaimPath[] = named.length > 0 ? named : [[null]];
    const format = credential.format as SupportedFormat;
    return (types.length > 0 ? types : ['*']).map((type) => ({ format, type, claims }));
  });
}
