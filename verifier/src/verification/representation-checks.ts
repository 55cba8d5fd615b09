import type { CheckResult, VerifiedClaims } from '../persistence/entities.js';
import type { ParsedDcqlQuery } from '../presentation-request/parse-dcql-query.js';
import { typesOfCredentialQuery } from '../presentation-request/parse-dcql-query.js';
import { CheckFailed, CheckLog } from './checks.js';
import type { PresentationMeta, VpTokenVerification } from './verify-vp-token.js';
import type { PermissionSubject } from '../persistence/standing-permission-entities.js';
import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import type { SecondSignatoryExpectation } from '../approval/second-signatory-entity.js';

/**
 * Representation (issue #21, docs/representation.md): a person acting for someone else presents
 * a credential saying so (a signatory credential for a company, a mandate credential from Mina
 * ombud) with their own identity credential in the same response. The presentations were each
 * verified already (signature, status, validity, key binding for this request); these checks
 * judge them together, for this body and purpose.
 */
export type RepresentationKind =
  'mandate' | 'signatory' | 'company_identity' | 'identity' | 'company_profile';

/** Which kind of credential a `vct` is, by the last segment the issuers use (or the EU PID's). */
export function representationKindOf(vct: string): RepresentationKind | undefined {
  if (vct === 'urn:eudi:pid:1') return 'identity';
  if (vct === companyContactProfileVct) return 'company_profile';
  const last = vct.split('/').at(-1);
  if (last === 'mandate' || last === 'signatory' || last === 'company_identity') return last;
  if (last === 'person-identity') return 'identity';
  return undefined;
}

export interface RepresentationContext {
  dcqlQuery: ParsedDcqlQuery;
  /** The body asking (tredje man): its organisation number. */
  bodyOrgNumber: string;
  /** The purpose code the request is for: the template's name (none for a query of its own). */
  purposeCode: string | null;
  now: number;
  /** When this is a second signatory's approval request: whom the first named, for which company. */
  secondSignatory?: SecondSignatoryExpectation;
}

interface Party {
  personal_identity_number?: unknown;
  coordination_number?: unknown;
}
interface MandateClaims {
  agent?: Party;
  personal_identity_number?: unknown;
  coordination_number?: unknown;
  scope?: { relying_parties?: unknown; purposes?: unknown };
  valid_from?: unknown;
  valid_until?: unknown;
}

/** Today's date in Sweden, as the register's YYYY-MM-DD dates count days. */
function swedishDate(epochSeconds: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(
    new Date(epochSeconds * 1000),
  );
}

const numberOf = (party: Party | undefined) =>
  (party?.personal_identity_number ?? party?.coordination_number) as string | undefined;

/** The identity credential's number: Skatteverket's claims, or the PID's. */
function identityNumber(claims: Record<string, unknown>): string | undefined {
  const value =
    claims.personal_identity_number ?? claims.coordination_number ?? claims.personal_administrative_number;
  return typeof value === 'string' ? value : undefined;
}

function covers(list: unknown, value: string | null): boolean {
  if (list === 'all') return true;
  return value !== null && Array.isArray(list) && list.includes(value);
}

/**
 * Adds the representation checks to a verification, where the query asked for a mandate or a
 * signatory credential: `mandate_valid`, `mandate_scope`, `agent_matches`, `signing_rule`. A
 * failed one rejects the response; a rule needing a second signatory leaves it pending.
 */
export function checkRepresentation(
  verification: VpTokenVerification,
  context: RepresentationContext,
): VpTokenVerification {
  const kinds = new Map<string, RepresentationKind>();
  for (const query of context.dcqlQuery.credentials) {
    const kind = typesOfCredentialQuery(query).map(representationKindOf).find(Boolean);
    if (kind) kinds.set(query.id, kind);
  }
  const asked = new Set(kinds.values());
  if (!asked.has('mandate') && !asked.has('signatory')) return verification;

  const checks: CheckResult[] = [...verification.checks];
  const log = new CheckLog({}, checks);
  if (!verification.verified) {
    // The mandate's own checks (signature, status, validity) failed: say so by name.
    const failed = checks.find(
      (c) => !c.passed && c.query_id !== undefined && kinds.get(c.query_id) === 'mandate',
    );
    if (failed)
      checks.push({
        name: 'mandate_valid',
        passed: false,
        detail: `${failed.name}: ${failed.detail ?? 'failed'}`,
      });
    return { ...verification, checks };
  }
  const of = (kind: RepresentationKind) =>
    Object.entries(verification.claims ?? {})
      .filter(([id]) => kinds.get(id) === kind)
      .flatMap(([, list]) => list);
  try {
    if (asked.has('mandate')) checkMandates(of('mandate') as MandateClaims[], of('identity'), context, log);
    const pending = asked.has('signatory')
      ? checkSigningRule(of('signatory'), of('company_identity'), log, context.secondSignatory)
      : undefined;
    const metaOf = (kind: RepresentationKind) =>
      Object.entries(verification.presentationMeta ?? {})
        .filter(([id]) => kinds.get(id) === kind)
        .flatMap(([, list]) => list);
    const subject = asked.has('company_profile')
      ? checkCompanyProfileSubject(
          metaOf('company_profile'),
          of('signatory'),
          of('company_identity'),
          metaOf('company_identity'),
          log,
        )
      : undefined;
    return { ...verification, checks, ...(pending ? { pending } : {}), ...(subject ? { subject } : {}) };
  } catch (err) {
    if (!(err instanceof CheckFailed)) throw err;
    const { claims: _claims, presentationMeta: _meta, ...rest } = verification;
    return { ...rest, verified: false, checks };
  }
}

function checkMandates(
  mandates: MandateClaims[],
  identities: VerifiedClaims[string],
  context: RepresentationContext,
  log: CheckLog,
): void {
  const today = swedishDate(context.now);
  for (const mandate of mandates) {
    const { valid_from: from, valid_until: until } = mandate;
    if (typeof from !== 'string' || typeof until !== 'string') {
      log.fail('mandate_valid', 'the mandate does not disclose valid_from and valid_until');
    }
    if (from > today) log.fail('mandate_valid', `the mandate is valid only from ${from}`);
    if (until < today) log.fail('mandate_valid', `the mandate expired on ${until}`);
    log.pass('mandate_valid', 'signature, status and period checked');

    const scope = mandate.scope ?? {};
    if (!covers(scope.relying_parties, context.bodyOrgNumber)) {
      log.fail('mandate_scope', `the mandate does not cover this body (${context.bodyOrgNumber})`);
    }
    if (!covers(scope.purposes, context.purposeCode)) {
      log.fail(
        'mandate_scope',
        `the mandate does not cover this purpose (${context.purposeCode ?? 'a query of its own'})`,
      );
    }
    log.pass('mandate_scope');

    const agent = numberOf(mandate.agent) ?? numberOf(mandate as Party);
    if (!agent) log.fail('agent_matches', "the mandate does not disclose its agent's number");
    const presenters = identities.map(identityNumber).filter(Boolean);
    if (presenters.length === 0) {
      log.fail('agent_matches', 'no identity credential of the presenter in the same response');
    }
    if (!presenters.every((n) => n === agent)) {
      log.fail('agent_matches', "the identity credential is not the mandate's agent's");
    }
    log.pass('agent_matches');
  }
}

/**
 * The company's signing rule (firmateckning): `alone` signs; `two_jointly` (två i förening)
 * needs a second signatory, and `board_jointly` the board, so the first leaves it pending.
 * The signatory credential must be for the company whose identity came with it.
 */
function checkSigningRule(
  signatories: VerifiedClaims[string],
  companies: VerifiedClaims[string],
  log: CheckLog,
  second?: SecondSignatoryExpectation,
): 'pending_second_signatory' | undefined {
  if (signatories.length !== 1) log.fail('signing_rule', 'one signatory credential is needed');
  const [signatory] = signatories;
  if (companies.some((c) => c.org_number !== signatory.org_number)) {
    log.fail('signing_rule', 'the signatory credential is for another company than the company identity');
  }
  if (second) return checkSecondSignatory(signatory, second, log);
  switch (signatory.signing_rule) {
    case 'alone':
      log.pass('signing_rule', 'the signatory signs alone');
      return undefined;
    case 'board_jointly':
      // A board of one is the whole board (its credential says so): it signs alone.
      if (signatory.board_size === 1) {
        log.pass('signing_rule', 'board_jointly: the board has one member, who signed');
        return undefined;
      }
      log.pass('signing_rule', `${signatory.signing_rule}: pending_second_signatory`);
      return 'pending_second_signatory';
    case 'two_jointly':
      log.pass('signing_rule', `${signatory.signing_rule}: pending_second_signatory`);
      return 'pending_second_signatory';
    default:
      return log.fail('signing_rule', 'the signatory credential does not disclose a known signing rule');
  }
}

/**
 * The second of two signatories, or another board member: the company and the person the first
 * named, not the first, and the first's rule (for board_jointly, the same board size).
 */
function checkSecondSignatory(
  signatory: VerifiedClaims[string][number],
  second: SecondSignatoryExpectation,
  log: CheckLog,
): undefined {
  if (signatory.org_number !== second.org_number) {
    log.fail('signing_rule', "the second signatory's credential is for another company than the first's");
  }
  if (signatory.personal_identity_number === second.first_personal_identity_number) {
    log.fail('signing_rule', 'the second signatory is the first signatory');
  }
  if (signatory.personal_identity_number !== second.personal_identity_number) {
    log.fail('signing_rule', 'the second signatory is not the person the first signatory named');
  }
  const rule = second.signing_rule ?? 'two_jointly';
  if (signatory.signing_rule !== rule) {
    log.fail('signing_rule', `${String(signatory.signing_rule)}: a second signatory does not complete it`);
  }
  if (rule === 'board_jointly') {
    if (signatory.board_size !== second.board_size) {
      log.fail('signing_rule', "the board member's credential names another board size than the first's");
    }
    log.pass('signing_rule', 'board_jointly: a board member approved');
    return undefined;
  }
  log.pass('signing_rule', 'two_jointly: the second signatory');
  return undefined;
}

/**
 * `company_profile_subject` (issue 21): a company contact profile is signed by a key the
 * wallet service holds for the company and names its `org_number`; it says whose it is only
 * beside the signatory and company identity credentials of the same response, each bound to
 * this request, for that same company. Made when the profile came (its set is optional). The
 * permission granted with it keeps the company as whose it is.
 */
export function checkCompanyProfileSubject(
  profiles: PresentationMeta[],
  signatories: VerifiedClaims[string],
  companies: VerifiedClaims[string],
  companyMeta: PresentationMeta[],
  log: CheckLog,
): PermissionSubject | undefined {
  if (profiles.length === 0) return undefined;
  const org = (claims: Record<string, unknown> | undefined) =>
    typeof claims?.org_number === 'string' ? claims.org_number : undefined;
  const profileOrg = profiles.length === 1 ? profiles[0]!.orgNumber : undefined;
  if (!profileOrg) {
    log.fail('company_profile_subject', 'one company contact profile naming its org_number is needed');
  }
  if (signatories.length === 0 || companies.length === 0) {
    log.fail(
      'company_profile_subject',
      'the company contact profile came without the signatory and company identity credentials',
    );
  }
  if (!signatories.every((s) => org(s) === profileOrg) || !companies.every((c) => org(c) === profileOrg)) {
    log.fail(
      'company_profile_subject',
      'the company contact profile is for another company than the signatory and company identity credentials',
    );
  }
  log.pass('company_profile_subject', `whose: the company ${profileOrg!}`);
  const identity = companyMeta[0];
  return {
    number: { claim: 'org_number', value: profileOrg! },
    issuer: identity?.iss ?? '',
    vct: identity?.vct ?? '',
  };
}
