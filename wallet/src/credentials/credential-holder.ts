/**
 * Whom a credential is issued to. Every personal credential names its holder by number: the
 * personal identity number, or the coordination number for people who have one instead (the
 * Swedish OIDC profile keeps the two apart: `personalIdentityNumber`, `coordinationNumber`).
 */
export const holderNumberClaims = ['personal_identity_number', 'coordination_number'] as const;

/**
 * `owner`: every holder claim is the wallet owner's number. `other`: one names someone else.
 * `none`: the credential names no holder (kept only when the person confirms it is theirs).
 */
export type HolderMatch = 'owner' | 'other' | 'none';

/** Compares a credential's (fully disclosed) claims with the wallet owner's number. */
export function matchHolder(claims: Record<string, unknown>, ownerNumber: string): HolderMatch {
  const named = holderNumberClaims.filter((name) => claims[name] !== undefined);
  if (named.length === 0) return 'none';
  return named.every((name) => claims[name] === ownerNumber) ? 'owner' : 'other';
}

/** True when the claims name a holder at all (whoever it is). */
export function namesHolder(claims: Record<string, unknown>): boolean {
  return holderNumberClaims.some((name) => claims[name] !== undefined);
}
