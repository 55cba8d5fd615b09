import { DcqlPresentationResult, type DcqlQuery } from 'dcql';
import { contactProfileClaims } from '@min-profil/shared/contact-profile/contact-profile';
import type { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { CheckResult, VerifiedClaims } from '../persistence/entities.js';
import type { PermissionSubject } from '../persistence/standing-permission-entities.js';
import {
  claimPathsOfCredentialQuery,
  type CredentialQuery,
  type ParsedDcqlQuery,
} from '../presentation-request/parse-dcql-query.js';
import { CheckFailed, CheckLog } from './checks.js';
import { verifyJwtVcPresentation } from './verify-jwt-vc-presentation.js';
import { projectClaims } from './claim-paths.js';
import { isSimpleQuerySatisfied } from './dcql-fast-path.js';
import { checkTrustedAuthorities, withoutTrustedAuthorities } from './check-trusted-authorities.js';
import { forDcqlEvaluation } from '../presentation-request/own-trust-list-authority.js';
import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import { isSelfAssertedType } from './self-asserted-issuer.js';
import { checkWhoseData } from './check-whose-data.js';
import {
  verifySdJwtPresentation,
  type PresentationExpectation,
  type VerifiedPresentation,
} from './verify-sd-jwt-presentation.js';

export interface VpTokenVerification {
  verified: boolean;
  checks: CheckResult[];
  /** Present when verified: the requested claims per credential query id. */
  claims?: VerifiedClaims;
  /** Present when verified: what each presentation was bound to and versioned as, per query id. */
  presentationMeta?: Record<string, PresentationMeta[]>;
  /** Whose the contact profile is, when `profile_subject` passed (issue #20). */
  subject?: PermissionSubject;
  /** Verified, but a company's signing rule waits for a second signatory (representation-checks.ts). */
  pending?: 'pending_second_signatory';
}

export interface PresentationMeta {
  /** RFC 7638 thumbprint of the holder key (`cnf.jwk`). */
  thumbprint?: string;
  jwk?: Record<string, unknown>;
  /** Contact profile: `profile_version` and `change_id` (not selectively disclosable). */
  profileVersion?: number;
  changeId?: string;
  /** The presentation's issuer and type, for whose data it is (a company, issue 21). */
  iss?: string;
  vct?: string;
  /** A company contact profile's `org_number` (always shown, not a requested claim). */
  orgNumber?: string;
}

const MAX_QUERY_IDS = 50;

/**
 * Verifies a `vp_token` (OpenID4VP 1.0 §8.1: a JSON object keyed by DCQL credential query id,
 * each value an array of presentations) against the request's DCQL query. Every check made is
 * returned by name. A failure in the envelope ends verification; a failure in one presentation
 * discards that presentation, and the query decides whether the rest suffice (§8.6).
 */
export async function verifyVpToken(options: {
  vpToken: unknown;
  dcqlQuery: ParsedDcqlQuery;
  trustList: TrustList | undefined;
  expected: PresentationExpectation & { maxPresentationsPerQuery: number; trustListUri?: string };
  statusLists: StatusListCache;
  fetch?: typeof globalThis.fetch;
}): Promise<VpTokenVerification> {
  const checks: CheckResult[] = [];
  const log = new CheckLog({}, checks);
  try {
    const token = parseVpTokenEnvelope(options.vpToken, options.expected.maxPresentationsPerQuery, log);
    const queries = new Map(options.dcqlQuery.credentials.map((q) => [q.id, q]));
    const unknown = Object.keys(token).filter((id) => !queries.has(id));
    if (unknown.length > 0) {
      log.fail(
        'query_ids',
        `vp_token names credential queries the request did not make: ${unknown.join(', ')}`,
      );
    }
    log.pass('query_ids');
    for (const [id, presentations] of Object.entries(token)) {
      // DCQL §6.1: without `multiple: true` a query takes exactly one presentation.
      if (presentations.length > 1 && !queries.get(id)!.multiple) {
        log.fail(
          'dcql_satisfied',
          `credential query ${id} takes one presentation, got ${presentations.length}`,
        );
      }
    }

    // §8.6: a presentation that fails its checks is discarded (its failed check stays in the
    // result); the query is then evaluated on the presentations that remain.
    const results: Record<string, VerifiedPresentation[]> = {};
    let discarded = 0;
    for (const [id, presentations] of Object.entries(token)) {
      const query = queries.get(id)!;
      const kept: VerifiedPresentation[] = [];
      for (const [index, presentation] of presentations.entries()) {
        const presentationLog = new CheckLog({ query_id: id, index }, checks);
        const verified = await keepIfVerified(
          verifyOne({ ...options, presentation, query, log: presentationLog }).then((p) =>
            checkTrustedAuthorities(query, p, options.expected.trustListUri, presentationLog),
          ),
        );
        if (verified) kept.push(verified);
        else discarded++;
      }
      if (kept.length > 0) results[id] = kept;
    }

    const subject = checkWhoseData({
      queries: options.dcqlQuery.credentials,
      trustList: options.trustList,
      results,
      checks,
      now: options.expected.now,
      log,
    });
    const satisfied = checkDcqlSatisfied(options.dcqlQuery, results, options.expected.trustListUri);
    // Unsatisfied after a discard: the discarded presentations' failed checks say why.
    if (!satisfied.ok && discarded > 0) return { verified: false, checks };
    if (!satisfied.ok) log.fail('dcql_satisfied', satisfied.detail);
    log.pass('dcql_satisfied', discarded > 0 ? `without ${discarded} discarded presentation(s)` : undefined);
    const presentationMeta = Object.fromEntries(
      Object.entries(results).map(([id, list]) => [id, list.map(readMeta)]),
    );
    return {
      verified: true,
      checks,
      claims: outputClaims(queries, results),
      presentationMeta,
      ...(subject ? { subject } : {}),
    };
  } catch (err) {
    if (!(err instanceof CheckFailed)) throw err;
    return { verified: false, checks };
  }
}

/** A presentation whose check failed (`CheckFailed`, already recorded) is discarded. */
async function keepIfVerified(
  verifying: Promise<VerifiedPresentation>,
): Promise<VerifiedPresentation | undefined> {
  try {
    return await verifying;
  } catch (err) {
    if (err instanceof CheckFailed) return undefined;
    throw err;
  }
}

function readMeta(p: VerifiedPresentation): PresentationMeta {
  const version = p.claims.profile_version;
  const changeId = p.claims.change_id;
  return {
    thumbprint: p.holderThumbprint,
    jwk: p.holderJwk as Record<string, unknown> | undefined,
    iss: p.iss,
    vct: p.vct,
    ...(p.vct === companyContactProfileVct && typeof p.claims.org_number === 'string'
      ? { orgNumber: p.claims.org_number }
      : {}),
    ...(Number.isSafeInteger(version) ? { profileVersion: version as number } : {}),
    ...(typeof changeId === 'string' ? { changeId } : {}),
  };
}

function parseVpTokenEnvelope(raw: unknown, maxPerQuery: number, log: CheckLog): Record<string, unknown[]> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      log.fail('vp_token', 'vp_token is not JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    log.fail('vp_token', 'vp_token is not a JSON object keyed by credential query id');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_QUERY_IDS) {
    log.fail('vp_token', 'vp_token has no presentations or too many credential query ids');
  }
  for (const [id, presentations] of entries) {
    // OpenID4VP 1.0 §8.1: each value is a non-empty array of presentations.
    if (!Array.isArray(presentations) || presentations.length === 0) {
      log.fail('vp_token', `vp_token.${id} is not a non-empty array of presentations`);
    }
    if (presentations.length > maxPerQuery) {
      log.fail('vp_token', `vp_token.${id} has more than ${maxPerQuery} presentations`);
    }
  }
  log.pass('vp_token');
  return value as Record<string, unknown[]>;
}

async function verifyOne(args: {
  presentation: unknown;
  query: CredentialQuery;
  trustList: TrustList | undefined;
  expected: PresentationExpectation;
  statusLists: StatusListCache;
  fetch?: typeof globalThis.fetch;
  log: CheckLog;
}): Promise<VerifiedPresentation> {
  const verify = args.query.format === 'jwt_vc_json' ? verifyJwtVcPresentation : verifySdJwtPresentation;
  return verify({
    presentation: args.presentation,
    credentialQuery: args.query,
    trustList: args.trustList,
    expected: args.expected,
    statusLists: args.statusLists,
    log: args.log,
    fetch: args.fetch,
  });
}

/** DCQL §6.4: required credential queries or credential sets answered, their claims present. */
function checkDcqlSatisfied(
  query: ParsedDcqlQuery,
  verified: Record<string, VerifiedPresentation[]>,
  trustListUri: string | undefined,
): { ok: true } | { ok: false; detail: string } {
  const results = Object.fromEntries(
    Object.entries(verified).map(([id, list]) => [id, list.map(withEmptyFieldsPresent)]),
  );
  if (isSimpleQuerySatisfied(query, results)) return { ok: true };
  // Every presentation that got here is from an issuer on our trust list, and from the
  // trusted authorities its query names (check-trusted-authorities.ts).
  const evaluation = forDcqlEvaluation(withoutTrustedAuthorities(query), trustListUri);
  const authority = evaluation.authority ? { authority: evaluation.authority } : {};
  const presentation: Record<string, Array<Record<string, unknown>>> = {};
  for (const [id, list] of Object.entries(results)) {
    presentation[id] = list.map((p) => ({
      ...(p.format === 'jwt_vc_json'
        ? { credential_format: 'jwt_vc_json', type: p.types }
        : { credential_format: 'dc+sd-jwt', vct: p.vct }),
      claims: p.claims,
      cryptographic_holder_binding: p.holderBound !== false,
      ...authority,
    }));
  }
  let result: ReturnType<typeof DcqlPresentationResult.fromDcqlPresentation>;
  try {
    result = DcqlPresentationResult.fromDcqlPresentation(
      presentation as Parameters<typeof DcqlPresentationResult.fromDcqlPresentation>[0],
      { dcqlQuery: evaluation.query as DcqlQuery },
    );
  } catch (err) {
    return {
      ok: false,
      detail: err instanceof Error ? err.message.split('\n')[0] : 'DCQL evaluation failed',
    };
  }
  if (result.can_be_satisfied) return { ok: true };
  const missing = Object.entries(result.credential_matches)
    .filter(([, match]) => !match.success)
    .map(([id, match]) => `${id}${describeFailure(match)}`);
  return {
    ok: false,
    detail: `the presentations do not satisfy the query: ${missing.join('; ') || 'a required credential is missing'}`,
  };
}

/**
 * docs/standing-permissions.md: the wallet discloses a contact-profile field the person left
 * empty as `null`. DCQL (and the `dcql` library) counts a null claim as missing; here it was
 * disclosed, so it stands in as an empty object — present, yet matching no `values` entry.
 */
function withEmptyFieldsPresent(p: VerifiedPresentation): VerifiedPresentation {
  if (!isSelfAssertedType(p.vct)) return p;
  const empty = contactProfileClaims.filter(
    (name) => Object.hasOwn(p.claims, name) && p.claims[name] === null,
  );
  if (empty.length === 0) return p;
  return { ...p, claims: { ...p.claims, ...Object.fromEntries(empty.map((name) => [name, {}])) } };
}

function describeFailure(match: unknown): string {
  const failed = (
    match as { failed_credentials?: Array<{ claims?: { failed_claims?: Array<{ issues?: unknown }> } }> }
  ).failed_credentials;
  const issues = failed
    ?.flatMap((f) => f.claims?.failed_claims ?? [])
    .map((c) => Object.keys(c.issues ?? {}));
  const names = [...new Set((issues ?? []).flat())];
  return names.length > 0 ? ` (missing ${names.join(', ')})` : '';
}

function outputClaims(
  queries: Map<string, CredentialQuery>,
  results: Record<string, VerifiedPresentation[]>,
): VerifiedClaims {
  const out: VerifiedClaims = {};
  for (const [id, list] of Object.entries(results)) {
    const paths = claimPathsOfCredentialQuery(queries.get(id)!);
    // OpenID4VP 1.0 §6.4.1: without `claims` only what is mandatory to present (the claims the
    // issuer did not make selectively disclosable) came, and `no_unrequested_claims` saw to it.
    const mandatoryOnly = paths.length === 0;
    out[id] = list.map((p) => ({
      ...(mandatoryOnly ? withoutRegisteredClaims(p.claims) : projectClaims(p.claims, paths)),
      issuer: p.iss,
      vct: p.vct,
    }));
  }
  return out;
}

/** JWT and SD-JWT VC claims about the credential itself, not about the person. */
const REGISTERED_CLAIMS = new Set(['iss', 'iat', 'nbf', 'exp', 'cnf', 'status', 'vct', 'vct#integrity']);

function withoutRegisteredClaims(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !REGISTERED_CLAIMS.has(name)));
}
