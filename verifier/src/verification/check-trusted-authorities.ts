import { OWN_TRUST_LIST_TYPE } from '../presentation-request/own-trust-list-authority.js';
import type { CheckLog } from './checks.js';
import type { VerifiedPresentation } from './verify-sd-jwt-presentation.js';

interface Authority {
  type: string;
  values: string[];
}

/**
 * Does a verified presentation come from one of the query's trusted authorities (OpenID4VP 1.0
 * §6.1.1)? Evaluated here rather than by the `dcql` library, which gives a credential one
 * authority only, while a credential signed with `x5c` has both its chain and our trust list.
 * - `aki`: a certificate of the credential's (validated) `x5c` chain has that Authority Key
 *   Identifier; a credential signed without `x5c` has none and does not match.
 * - our trust list's type (and `etsi_tl` naming our list, as stored requests do): every
 *   presentation that got here is from an issuer on that list, so it matches when the value
 *   names the list this verifier uses.
 * - `etsi_tl` lists of ETSI TS 119 612, `openid_federation`, others: not evaluated here, so
 *   never taken as matched.
 */
export function satisfiesTrustedAuthorities(
  authorities: readonly Authority[],
  presentation: Pick<VerifiedPresentation, 'authorityKeyIds'>,
  trustListUri: string | undefined,
): boolean {
  return authorities.some((authority) => {
    if (authority.type === 'aki') {
      return (presentation.authorityKeyIds ?? []).some((aki) => authority.values.includes(aki));
    }
    if (authority.type === OWN_TRUST_LIST_TYPE || authority.type === 'etsi_tl') {
      return trustListUri !== undefined && authority.values.includes(trustListUri);
    }
    return false;
  });
}

/** The `trusted_authorities` check of one presentation; a query without them passes nothing. */
export function checkTrustedAuthorities(
  query: { trusted_authorities?: readonly Authority[] },
  presentation: VerifiedPresentation,
  trustListUri: string | undefined,
  log: CheckLog,
): VerifiedPresentation {
  const authorities = query.trusted_authorities;
  if (!authorities || authorities.length === 0) return presentation;
  if (!satisfiesTrustedAuthorities(authorities, presentation, trustListUri)) {
    log.fail(
      'trusted_authorities',
      `the credential is not from the trusted authorities the query names (${authorities.map((a) => a.type).join(', ')})`,
    );
  }
  log.pass('trusted_authorities');
  return presentation;
}

/** The query without `trusted_authorities`, once they were evaluated per presentation. */
export function withoutTrustedAuthorities<Q extends { credentials: ReadonlyArray<Record<string, unknown>> }>(
  query: Q,
): Q {
  return {
    ...query,
    credentials: query.credentials.map((credential) => {
      if (!('trusted_authorities' in credential)) return credential;
      const { trusted_authorities: _evaluated, ...rest } = credential;
      return rest;
    }),
  };
}
