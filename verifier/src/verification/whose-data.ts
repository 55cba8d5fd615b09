import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { CheckResult } from '../persistence/entities.js';
import type { CredentialQuery } from '../presentation-request/parse-dcql-query.js';
import { roleOfQuery, type CredentialRole } from './credential-roles.js';
import type { VerifiedPresentation } from './verify-sd-jwt-presentation.js';

/**
 * One response seen by role (issue #20): for each role the request asked for, the credential
 * queries of that role, the presentations that passed their own checks, and the failed checks
 * of those that were discarded.
 */
export interface WhoseData {
  asked: Record<CredentialRole, CredentialQuery[]>;
  kept: Record<CredentialRole, VerifiedPresentation[]>;
  /** Per role, the first failed check of each discarded presentation. */
  discarded: Record<CredentialRole, CheckResult[]>;
}

export function sortByRole(options: {
  queries: CredentialQuery[];
  trustList: TrustList | undefined;
  results: Record<string, VerifiedPresentation[]>;
  checks: CheckResult[];
}): WhoseData {
  const whose: WhoseData = {
    asked: { identity: [], guardian: [], profile: [] },
    kept: { identity: [], guardian: [], profile: [] },
    discarded: { identity: [], guardian: [], profile: [] },
  };
  for (const query of options.queries) {
    const role = roleOfQuery(query, options.trustList);
    if (!role) continue;
    whose.asked[role].push(query);
    whose.kept[role].push(...(options.results[query.id] ?? []));
    const failed = options.checks.filter((c) => !c.passed && c.query_id === query.id);
    const seen = new Set<number | undefined>();
    for (const check of failed) {
      if (seen.has(check.index)) continue;
      seen.add(check.index);
      whose.discarded[role].push(check);
    }
  }
  return whose;
}
