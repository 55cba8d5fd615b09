import {
  claim,
  holderNumberClaims,
  label,
  nameClaims,
  type CredentialConfiguration,
  type CredentialDataset,
} from './holder-types.js';

/** A child as the population register records it under its guardian. */
interface RegisteredChild {
  given_name: string;
  family_name: string;
  personal_identity_number: string;
  birthdate: string;
}

/**
 * The moment a child born on `birthdate` (YYYY-MM-DD) turns 18: midnight in Sweden, where
 * custody ends (Föräldrabalken 6:2). Someone born on 29 February comes of age on 1 March.
 */
export function comingOfAge(birthdate: string): number {
  const [year, month, day] = birthdate.split('-').map(Number);
  const utcMidnight = Date.UTC(year + 18, month - 1, day) / 1000;
  return utcMidnight - stockholmOffsetSeconds(utcMidnight);
}

export function stockholmOffsetSeconds(epochSeconds: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochSeconds * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall / 1000 - epochSeconds;
}

/**
 * One credential per child still under 18: the guardian's own name and role, the child in
 * `child`, valid until the child comes of age. A child who is 18 gets no credential.
 */
export function guardianDatasets(record: Record<string, unknown>, now: number): CredentialDataset[] {
  const { children, ...guardian } = record as { children?: RegisteredChild[] } & Record<string, unknown>;
  return (children ?? [])
    .map((child) => ({ child, expiresAt: comingOfAge(child.birthdate) }))
    .filter(({ expiresAt }) => expiresAt > now)
    .map(({ child, expiresAt }) => ({
      ref: child.personal_identity_number,
      claims: {
        ...guardian,
        child: {
          given_name: child.given_name,
          family_name: child.family_name,
          personal_identity_number: child.personal_identity_number,
          birthdate: child.birthdate,
        },
      },
      expiresAt,
    }));
}

/**
 * Skatteverket's guardian credential (vårdnadshavare): held by the parent, whose number names
 * the holder like on every personal credential, with the child in its own claims.
 */
export const guardianship: CredentialConfiguration = {
  id: 'guardian_credential',
  format: 'dc+sd-jwt',
  typeName: 'guardianship',
  recordType: 'guardianship',
  scope: 'skatteverket_guardianship',
  name: label('Vårdnadshavare', 'Guardian'),
  description: label(
    'Att personen är vårdnadshavare för barnet, till dess barnet fyller 18 år.',
    'That the person is the guardian of the child, until the child turns 18.',
  ),
  claims: [
    ...nameClaims,
    ...holderNumberClaims,
    // The role is what the credential is about, not a personal detail: always shown.
    claim(['role'], 'Roll', 'Role', false),
    claim(['child'], 'Barn', 'Child'),
    claim(['child', 'given_name'], 'Barnets förnamn', "Child's given name"),
    claim(['child', 'family_name'], 'Barnets efternamn', "Child's family name"),
    claim(['child', 'personal_identity_number'], 'Barnets personnummer', "Child's personal identity number"),
    claim(['child', 'birthdate'], 'Barnets födelsedatum', "Child's date of birth"),
  ],
  datasets: guardianDatasets,
  backgroundColor: '#3c1c6e',
  textColor: '#ffffff',
};
