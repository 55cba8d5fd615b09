import { parsePersonalNumber } from '@min-profil/shared/personal-number';

/**
 * The claims a credential is issued with, naming its holder: the number the person signed in
 * with (or the offer was made for) under its own claim name, `personal_identity_number` or
 * `coordination_number`. The register's record is found by that number, so the credential
 * names exactly the person it was issued to, even where a register's record leaves it out.
 */
export function nameHolder(claims: Record<string, unknown>, identityNumber: string): Record<string, unknown> {
  const parsed = parsePersonalNumber(identityNumber);
  if (!parsed) throw new Error('issuing to an identity number that is not valid');
  const other =
    parsed.kind === 'personal_identity_number' ? 'coordination_number' : 'personal_identity_number';
  if (claims[parsed.kind] === parsed.normalized && !(other in claims)) return claims;
  const { personal_identity_number: _p, coordination_number: _c, ...rest } = claims;
  return { ...rest, [parsed.kind]: parsed.normalized };
}
