import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { CheckResult } from '../persistence/entities.js';
import type { PermissionSubject } from '../persistence/standing-permission-entities.js';
import type { CredentialQuery } from '../presentation-request/parse-dcql-query.js';
import type { CheckLog } from './checks.js';
import { checkGuardianMatches, checkGuardianValid } from './check-guardians.js';
import { checkProfileSubject } from './check-profile-subject.js';
import type { VerifiedPresentation } from './verify-sd-jwt-presentation.js';
import { sortByRole } from './whose-data.js';

/**
 * The checks across the presentations of one response that say whose data it carries (issue
 * #20), made after each presentation's own checks and before DCQL satisfaction, so that a
 * refusal names the relation that failed: `profile_subject`, `guardian_valid`, `guardian_matches`.
 * Each is made only when the request asked for the credentials it relates. Returns whose the
 * profile is when `profile_subject` passed (kept with a standing permission granted with it).
 */
export function checkWhoseData(options: {
  queries: CredentialQuery[];
  trustList: TrustList | undefined;
  results: Record<string, VerifiedPresentation[]>;
  checks: CheckResult[];
  now: number;
  log: CheckLog;
}): PermissionSubject | undefined {
  const whose = sortByRole(options);
  const subject = checkProfileSubject(whose, options.log);
  checkGuardianValid(whose, options.now, options.log);
  checkGuardianMatches(whose, options.log);
  return subject;
}
