import { comingOfAge } from '@min-profil/shared/coming-of-age';
import type { ClaimPath } from '@min-profil/shared/trust-list/z-trust-list';
import type { CredentialQuery } from '../presentation-request/parse-dcql-query.js';
import type { CheckLog } from './checks.js';
import { subjectNumberOf } from './credential-roles.js';
import type { VerifiedPresentation } from './verify-sd-jwt-presentation.js';
import type { WhoseData } from './whose-data.js';

/** Where a guardian credential names the child, and where a request names the children it is about. */
export const childNumberPath: ClaimPath = ['child', 'personal_identity_number'];

export const isChildNumberPath = (path: readonly unknown[]): boolean =>
  path.length === childNumberPath.length && path.every((s, i) => s === childNumberPath[i]);

interface Child {
  personal_identity_number?: unknown;
  birthdate?: unknown;
}

const childOf = (p: VerifiedPresentation): Child =>
  typeof p.claims.child === 'object' && p.claims.child !== null ? (p.claims.child as Child) : {};

/**
 * `guardian_valid` (issue #20): every guardian credential sent passed its signature, status and
 * validity checks — one that failed fails the whole answer, for a school must not learn of some
 * children and silently not of others — is bound to the presenter, and its child is under 18.
 * The age is checked from the child's birthdate, not only from the credential's `exp`, so that
 * a credential issued past the child's 18th birthday by mistake is refused too.
 */
export function checkGuardianValid(whose: WhoseData, now: number, log: CheckLog): void {
  if (whose.asked.guardian.length === 0) return;
  const failed = whose.discarded.guardian[0];
  if (failed) {
    log.fail(
      'guardian_valid',
      `a guardian credential failed its check ${failed.name}: ${failed.detail ?? 'failed'}`,
    );
  }
  for (const presentation of whose.kept.guardian) {
    if (presentation.holderBound === false) {
      log.fail('guardian_valid', 'a guardian credential was not bound to this request by its holder');
    }
    const birthdate = childBirthdate(childOf(presentation));
    if (!birthdate) {
      log.fail(
        'guardian_valid',
        "a guardian credential did not disclose the child's birthdate, so the child's age is unknown",
      );
    }
    if (comingOfAge(birthdate) <= now) {
      log.fail('guardian_valid', 'a guardian credential names a child who has turned 18');
    }
  }
  log.pass('guardian_valid', `${whose.kept.guardian.length} guardian credential(s)`);
}

/** `YYYY-MM-DD` as disclosed, else from a 12-digit personal identity number (YYYYMMDDNNNC). */
function childBirthdate(child: Child): string | undefined {
  if (typeof child.birthdate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(child.birthdate))
    return child.birthdate;
  const number = child.personal_identity_number;
  if (typeof number === 'string' && /^\d{12}$/.test(number)) {
    return `${number.slice(0, 4)}-${number.slice(4, 6)}-${number.slice(6, 8)}`;
  }
  return undefined;
}

/**
 * `guardian_matches` (issue #20): each guardian credential's holder is the presenter — its
 * `personal_identity_number` is the one the identity credential in the same response names —
 * and names a child the request named (`values` of `child.personal_identity_number` in the
 * guardian query), and every child the request named is covered by one.
 */
export function checkGuardianMatches(whose: WhoseData, log: CheckLog): void {
  if (whose.asked.guardian.length === 0 || whose.kept.guardian.length === 0) return;
  const identity = whose.kept.identity[0];
  if (!identity) {
    log.fail('guardian_matches', 'no identity credential in the response names the presenter');
  }
  const presenter = subjectNumberOf(identity.claims);
  if (!presenter) log.fail('guardian_matches', 'the identity credential did not disclose its number');
  for (const presentation of whose.kept.guardian) {
    const holder = presentation.claims.personal_identity_number;
    if (typeof holder !== 'string') {
      log.fail(
        'guardian_matches',
        "a guardian credential did not disclose its holder's personal identity number",
      );
    }
    if (holder !== presenter) {
      log.fail('guardian_matches', 'a guardian credential names another holder than the identity credential');
    }
  }
  const named = namedChildren(whose.asked.guardian);
  if (named) {
    const sent = whose.kept.guardian.map((p) => childOf(p).personal_identity_number);
    if (sent.some((child) => typeof child !== 'string' || !named.has(child))) {
      log.fail('guardian_matches', 'a guardian credential names a child the request did not name');
    }
    const missing = [...named].filter((child) => !sent.includes(child)).length;
    if (missing > 0)
      log.fail('guardian_matches', `no guardian credential for ${missing} child(ren) the request named`);
  }
  log.pass('guardian_matches', `${whose.kept.guardian.length} child(ren) of the presenter`);
}

/** The children the request named, or undefined when it named none (any child answers). */
function namedChildren(queries: CredentialQuery[]): Set<string> | undefined {
  const values = queries.flatMap((query) =>
    (query.claims ?? [])
      .filter((c) => 'path' in c && isChildNumberPath(c.path))
      .flatMap((c) => c.values ?? []),
  );
  return values.length > 0 ? new Set(values.map(String)) : undefined;
}
