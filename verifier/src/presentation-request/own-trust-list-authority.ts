import { trustListAuthorityType } from '@min-profil/shared/trust-list/trusted-authority-type';

/**
 * DCQL `trusted_authorities` (OpenID4VP 1.0 §6.1.1) naming this verifier's own trust list.
 * `etsi_tl` is reserved for trusted lists of ETSI TS 119 612, which ours (a signed JWT,
 * docs/trust-list.md) is not, so the list has a type name of our own, the one our wallet reads;
 * the specification lets other specifications define types. Requests stored before carried
 * `etsi_tl` with the list's URI, and are still read that way.
 */
export const OWN_TRUST_LIST_TYPE = trustListAuthorityType;
/** The label stored requests used for our list, before it had a name of its own. */
const LEGACY_TYPE = 'etsi_tl';

interface Authority {
  type: string;
  values: string[];
}
type Credential = Record<string, unknown> & { id?: unknown; trusted_authorities?: Authority[] };

function credentialsOf(query: unknown): Credential[] {
  const credentials = (query as { credentials?: unknown } | null)?.credentials;
  return Array.isArray(credentials) ? (credentials as Credential[]) : [];
}

/** The query with each credential query's trusted authorities mapped (and dropped when none remain). */
function mapAuthorities(query: unknown, map: (a: Authority) => Authority | undefined): unknown {
  if (credentialsOf(query).length === 0) return query;
  return {
    ...(query as object),
    credentials: credentialsOf(query).map((credential) => {
      if (!Array.isArray(credential.trusted_authorities)) return credential;
      const { trusted_authorities: authorities, ...rest } = credential;
      const kept = authorities.map(map).filter((a): a is Authority => a !== undefined);
      return kept.length > 0 ? { ...rest, trusted_authorities: kept } : rest;
    }),
  };
}

const isOwn = (a: Authority) => a?.type === OWN_TRUST_LIST_TYPE;

/**
 * Splits a query as a consumer sent it: the query without our own type (what the `dcql`
 * library can parse: it knows only the three types of §6.1.1) and our entries per query id.
 */
export function separateOwnAuthorities(query: unknown): { query: unknown; own: Map<string, Authority[]> } {
  const own = new Map<string, Authority[]>();
  for (const credential of credentialsOf(query)) {
    const entries = Array.isArray(credential.trusted_authorities)
      ? credential.trusted_authorities.filter(isOwn)
      : [];
    if (entries.length > 0 && typeof credential.id === 'string') own.set(credential.id, entries);
  }
  return { query: mapAuthorities(query, (a) => (isOwn(a) ? undefined : a)), own };
}

/** Puts our own entries back, after theirs, into the parsed query that is stored. */
export function withOwnAuthorities<Q>(query: Q, own: Map<string, Authority[]>): Q {
  if (own.size === 0) return query;
  return {
    ...query,
    credentials: credentialsOf(query).map((credential) => {
      const entries = own.get(credential.id as string);
      if (!entries) return credential;
      return { ...credential, trusted_authorities: [...(credential.trusted_authorities ?? []), ...entries] };
    }),
  } as Q;
}

/** Whether a query names our list with the old label (refused in new requests). */
export function namesOwnListAsEtsi(query: unknown, trustListUri: string): boolean {
  return credentialsOf(query).some((credential) =>
    (Array.isArray(credential.trusted_authorities) ? credential.trusted_authorities : []).some(
      (a) => a?.type === LEGACY_TYPE && Array.isArray(a.values) && a.values.includes(trustListUri),
    ),
  );
}

/**
 * The query as the wallet gets it: a stored request's `etsi_tl` naming our list under our own
 * type, so that a wallet does not take it for an ETSI trusted list (ours matches none).
 */
export function queryForWallet<Q>(query: Q, trustListUri: string): Q {
  return mapAuthorities(query, (a) =>
    a.type === LEGACY_TYPE && a.values.includes(trustListUri)
      ? { type: OWN_TRUST_LIST_TYPE, values: a.values }
      : a,
  ) as Q;
}

/**
 * The query and the authority every verified presentation carries, for the `dcql` library's
 * evaluation. The library knows only the §6.1.1 types, so within this one evaluation our list
 * stands under `etsi_tl` (as stored requests name it); the label never leaves the verifier.
 */
export function forDcqlEvaluation<Q>(query: Q, trustListUri: string | undefined) {
  const internal = (values: string[]) => ({ type: LEGACY_TYPE, values });
  return {
    query: mapAuthorities(query, (a) => (isOwn(a) ? internal(a.values) : a)) as Q,
    authority: trustListUri ? internal([trustListUri]) : undefined,
  };
}
