import { createHash } from 'node:crypto';
import type { Account, AccountClaims } from 'oidc-provider';
import { demoPeople, type DemoPerson } from '@min-profil/shared/demo-people';
import { parsePersonalNumber } from '@min-profil/shared/personal-number';
import { swedishClaims, swedishScopes } from '@min-profil/shared/oidc-rp/swedish-identity';

/**
 * The test eID's people are the demo's synthetic people. Each gets an opaque, stable account
 * id, used as `sub`, so that neither the provider's sessions nor its logs carry a personal
 * identity number; the number is released only in the claims below.
 *
 * Claims and Scopes Specification for the Swedish OpenID Connect Profile 1.0 (oidc.se):
 * §2.1.1 personalIdentityNumber and §2.1.2 coordinationNumber, 12 digits, no separator,
 * mutually exclusive; which one a person has is their `kind`.
 *
 * Which claims each scope releases: §3.1 Natural Person Information, §3.2 Personal Number.
 */
export const claimsByScope = {
  openid: ['sub'],
  [swedishScopes.naturalPersonNumber]: [
    swedishClaims.personalIdentityNumber,
    swedishClaims.coordinationNumber,
  ],
  [swedishScopes.naturalPersonInfo]: ['family_name', 'given_name', 'middle_name', 'name', 'birthdate'],
};

export function accountIdFor(person: DemoPerson): string {
  return createHash('sha256').update(`min-profil-test-eid:${person.identityNumber}`).digest('base64url');
}

const peopleByAccountId = new Map(demoPeople.map((person) => [accountIdFor(person), person]));

export type LookupResult =
  { ok: true; person: DemoPerson; accountId: string } | { ok: false; reason: 'malformed' | 'unknown' };

/** Finds the synthetic person with this number (with or without hyphen). */
export function lookUpPerson(input: string): LookupResult {
  const parsed = parsePersonalNumber(input);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const person = demoPeople.find((p) => p.identityNumber === parsed.normalized);
  return person ? { ok: true, person, accountId: accountIdFor(person) } : { ok: false, reason: 'unknown' };
}

export function claimsFor(person: DemoPerson, accountId: string): AccountClaims {
  const number =
    person.kind === 'coordination_number'
      ? { [swedishClaims.coordinationNumber]: person.identityNumber }
      : { [swedishClaims.personalIdentityNumber]: person.identityNumber };
  return {
    sub: accountId,
    ...number,
    given_name: person.givenName,
    family_name: person.familyName,
    name: `${person.givenName} ${person.familyName}`,
    birthdate: person.birthdate,
  };
}

/** oidc-provider's `findAccount`: only the synthetic people exist. */
export async function findAccount(_ctx: unknown, accountId: string): Promise<Account | undefined> {
  const person = peopleByAccountId.get(accountId);
  if (!person) return undefined;
  return { accountId, claims: () => claimsFor(person, accountId) };
}
