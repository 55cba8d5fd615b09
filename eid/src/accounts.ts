import { createHmac } from 'node:crypto';
import type { Account, AccountClaims } from 'oidc-provider';
import { demoPeople, type DemoPerson } from '@min-profil/shared/demo-people';
import { parsePersonalNumber } from '@min-profil/shared/personal-number';
import { swedishClaims, swedishScopes } from '@min-profil/shared/oidc-rp/swedish-identity';

/**
 * The test eID's people are the demo's synthetic people. Each gets an opaque, stable account
 * id, so that neither the provider's sessions nor its logs carry a personal identity number;
 * the number is released only in the claims below.
 *
 * The account id is an HMAC of the number under the provider's subject key (kept in its
 * database), not a plain hash: the numbers are few and structured, so an unkeyed hash is
 * reversed by trying them all. Each client sees its own pairwise `sub` derived from the
 * account id (OpenID Connect Core 1.0 §8.1, each client its own sector), so two relying
 * parties cannot join their users on `sub`.
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

export type LookupResult =
  { ok: true; person: DemoPerson; accountId: string } | { ok: false; reason: 'malformed' | 'unknown' };

export function claimsFor(person: DemoPerson, accountId: string): AccountClaims {
  const number =
    person.kind === 'coordination_number'
      ? { [swedishClaims.coordinationNumber]: person.identityNumber }
      : { [swedishClaims.personalIdentityNumber]: person.identityNumber };
  return {
    // oidc-provider replaces this with the client's pairwise subject (`pairwiseSubject`).
    sub: accountId,
    ...number,
    given_name: person.givenName,
    family_name: person.familyName,
    name: `${person.givenName} ${person.familyName}`,
    birthdate: person.birthdate,
  };
}

export interface EidAccounts {
  /** Finds the synthetic person with this number (with or without hyphen). */
  lookUpPerson(input: string): LookupResult;
  /** oidc-provider's `findAccount`: only the synthetic people exist. */
  findAccount(ctx: unknown, accountId: string): Promise<Account | undefined>;
  /** oidc-provider's `pairwiseIdentifier`: the `sub` one client sees for one account. */
  pairwiseSubject(ctx: unknown, accountId: string, client: { clientId: string }): Promise<string>;
}

/** The accounts under `subjectKey` (32 random bytes, the provider's `subject_key` secret). */
export function createEidAccounts(subjectKey: Buffer): EidAccounts {
  const derive = (label: string, value: string) =>
    createHmac('sha256', subjectKey).update(`${label}\0${value}`).digest('base64url');
  const accountIdFor = (person: DemoPerson) => derive('account', person.identityNumber);
  const peopleByAccountId = new Map(demoPeople.map((person) => [accountIdFor(person), person]));

  return {
    lookUpPerson(input) {
      const parsed = parsePersonalNumber(input);
      if (!parsed) return { ok: false, reason: 'malformed' };
      const person = demoPeople.find((p) => p.identityNumber === parsed.normalized);
      return person
        ? { ok: true, person, accountId: accountIdFor(person) }
        : { ok: false, reason: 'unknown' };
    },
    async findAccount(_ctx, accountId) {
      const person = peopleByAccountId.get(accountId);
      if (!person) return undefined;
      return { accountId, claims: () => claimsFor(person, accountId) };
    },
    async pairwiseSubject(_ctx, accountId, client) {
      return derive('pairwise', `${client.clientId}\0${accountId}`);
    },
  };
}
