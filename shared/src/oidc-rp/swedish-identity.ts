import type { JWTPayload } from 'jose';
import { parsePersonalNumber } from '../personal-number.js';
import { OidcRpError } from './oidc-rp-error.js';

/**
 * The Swedish identity in an ID token, per the Claims and Scopes Specification for the
 * Swedish OpenID Connect Profile 1.0 (oidc.se).
 */
export const swedishScopes = {
  /** §3.2: personalIdentityNumber or coordinationNumber. */
  naturalPersonNumber: 'https://id.oidc.se/scope/naturalPersonNumber',
  /** §3.1: family_name, given_name, middle_name, name, birthdate. */
  naturalPersonInfo: 'https://id.oidc.se/scope/naturalPersonInfo',
} as const;

export const swedishClaims = {
  /** §2.1.1: 12 digits, YYYYMMDDNNNC, no hyphen (SKV 704). */
  personalIdentityNumber: 'https://id.oidc.se/claim/personalIdentityNumber',
  /** §2.1.2: 12 digits, day of birth + 60 (SKV 707). */
  coordinationNumber: 'https://id.oidc.se/claim/coordinationNumber',
} as const;

export interface SwedishIdentity {
  /** 12 digits, no separator. */
  identityNumber: string;
  kind: 'personal_identity_number' | 'coordination_number';
  givenName?: string;
  familyName?: string;
  name?: string;
  /** YYYY-MM-DD, as the provider released it. */
  birthdate?: string;
}

/**
 * Reads the person's number and names from verified ID token claims. Exactly one of the two
 * number claims must be present and well formed (correct date and check digit); the error
 * never repeats the number.
 */
export function readSwedishIdentity(claims: JWTPayload | Record<string, unknown>): SwedishIdentity {
  const personal = claims[swedishClaims.personalIdentityNumber];
  const coordination = claims[swedishClaims.coordinationNumber];
  if (personal !== undefined && coordination !== undefined) {
    throw new OidcRpError(
      'identity_invalid',
      'the ID token carries both a personal identity number and a coordination number',
    );
  }
  if (personal === undefined && coordination === undefined) {
    throw new OidcRpError(
      'identity_invalid',
      'the ID token carries neither a personal identity number nor a coordination number',
    );
  }
  const kind = personal !== undefined ? 'personal_identity_number' : 'coordination_number';
  const value = personal ?? coordination;
  const what = kind === 'personal_identity_number' ? 'personal identity number' : 'coordination number';
  // oidc.se §2.1.1 / §2.1.2: exactly 12 digits, without the hyphen of the printed form.
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) {
    throw new OidcRpError('identity_invalid', `the ${what} claim is not 12 digits`);
  }
  const parsed = parsePersonalNumber(value);
  if (!parsed || parsed.kind !== kind) {
    throw new OidcRpError('identity_invalid', `the ${what} claim is not a valid ${what}`);
  }
  return {
    identityNumber: parsed.normalized,
    kind,
    ...optionalString('givenName', claims.given_name),
    ...optionalString('familyName', claims.family_name),
    ...optionalString('name', claims.name),
    ...optionalString(
      'birthdate',
      /^\d{4}-\d{2}-\d{2}$/.test(String(claims.birthdate)) ? claims.birthdate : undefined,
    ),
  };
}

function optionalString<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value !== '' ? ({ [key]: value } as Record<K, string>) : {};
}
