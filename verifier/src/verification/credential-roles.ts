import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { typesOfCredentialQuery, type CredentialQuery } from '../presentation-request/parse-dcql-query.js';
import { isSelfAssertedType } from './self-asserted-issuer.js';

/**
 * What a credential says about whose data a response carries (issue #20): an `identity`
 * credential names the person who answers, a `guardian` credential names a child that person
 * may act for, and the self-asserted contact `profile` names nobody on its own.
 */
export type CredentialRole = 'identity' | 'guardian' | 'profile';

/** The EU PID as an SD-JWT VC (PID Rulebook, ARF Annex 3.1): an identity credential. */
export const pidVct = 'urn:eudi:pid:1';

/**
 * Roles by OID4VCI configuration id, as the trust list names each listed type. Skatteverket's
 * registered address names its holder by number as well, so it also says who answered.
 */
const roleByConfiguration: Record<string, CredentialRole> = {
  person_identity: 'identity',
  registered_address: 'identity',
  pid: 'identity',
  guardian_credential: 'guardian',
};

/** The role of one credential type (a `vct`), from the trust list. */
export function roleOfType(trustList: TrustList | undefined, type: string): CredentialRole | undefined {
  if (isSelfAssertedType(type)) return 'profile';
  if (type === pidVct) return 'identity';
  for (const issuer of trustList?.issuers ?? []) {
    for (const listed of issuer.credential_types) {
      if (listed.type === type) {
        const role = roleByConfiguration[listed.credential_configuration_id];
        if (role) return role;
      }
    }
  }
  return undefined;
}

/**
 * The role of a credential query: the one role all its accepted types share, or none (a query
 * that accepts types of different roles, or none of a role, takes part in no relation check).
 */
export function roleOfQuery(
  query: CredentialQuery,
  trustList: TrustList | undefined,
): CredentialRole | undefined {
  const roles = new Set(typesOfCredentialQuery(query).map((type) => roleOfType(trustList, type)));
  if (roles.size !== 1) return undefined;
  return [...roles][0];
}

/**
 * The number an identity credential names its subject by: the Swedish personal identity or
 * coordination number, or the PID's personal administrative number.
 */
export function subjectNumberOf(claims: Record<string, unknown>): string | undefined {
  const name = subjectNumberClaimOf(claims);
  return name ? (claims[name] as string) : undefined;
}

/** Which claim carries that number, if any was disclosed. */
export function subjectNumberClaimOf(claims: Record<string, unknown>): string | undefined {
  return ['personal_identity_number', 'coordination_number', 'personal_administrative_number'].find(
    (name) => typeof claims[name] === 'string' && (claims[name] as string).length > 0,
  );
}
