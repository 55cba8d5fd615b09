import { contactProfileClaims, contactProfileVct } from './contact-profile.js';

/**
 * The company contact profile (issue 21, docs/representation.md): like a person's contact
 * profile a self-issued SD-JWT VC, but signed by the company's key that the wallet service
 * holds per org number, not by a person's holder key. Wallet and verifier both import these
 * names so the two sides cannot drift apart.
 */

/** `vct` of the company contact profile; its `iss` is the `did:jwk` of the company key. */
export const companyContactProfileVct = 'urn:min-profil:company-contact-profile:1';

/** The selectively disclosable claims, each one top-level disclosure (DCQL paths `[name]`). */
export const companyContactProfileClaims = [
  'address',
  'official_mail_address',
  'emails',
  'phones',
  'preferred_language',
] as const;
export type CompanyContactProfileClaim = (typeof companyContactProfileClaims)[number];

/** Plain (always shown): whose profile it is, checked against Bolagsverket's credentials. */
export const companyProfileOrgClaim = 'org_number';

/** The disclosable claims of a profile `vct`, or undefined for another `vct`. */
export function profileClaimsOf(vct: unknown): readonly string[] | undefined {
  if (vct === companyContactProfileVct) return companyContactProfileClaims;
  if (vct === contactProfileVct) return contactProfileClaims;
  return undefined;
}
