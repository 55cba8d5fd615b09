/**
 * The synthetic people of the demo and the tests. Numbers are valid (correct check digits)
 * and belong to Skatteverket's published test ranges or are made up for this project; none
 * is a real person. 19121212-1212 ("Tolvan") is the number common in Swedish test data.
 */
export interface DemoPerson {
  /** 12 digits, no separator; a coordination number has day + 60. */
  identityNumber: string;
  kind: 'personal_identity_number' | 'coordination_number';
  givenName: string;
  familyName: string;
  birthdate: string;
  story: string;
}

export const demoPeople: readonly DemoPerson[] = [
  {
    identityNumber: '191212121212',
    kind: 'personal_identity_number',
    givenName: 'Tolvan',
    familyName: 'Tolvansson',
    birthdate: '1912-12-12',
    story: 'unemployed, registered at Arbetsförmedlingen; shares a certificate with an insurer',
  },
  {
    identityNumber: '200503152381',
    kind: 'personal_identity_number',
    givenName: 'Alva',
    familyName: 'Lindqvist',
    birthdate: '2005-03-15',
    story: 'upper-secondary graduate applying to university',
  },
  {
    identityNumber: '198806244417',
    kind: 'personal_identity_number',
    givenName: 'Samir',
    familyName: 'Haddad',
    birthdate: '1988-06-24',
    story: 'newcomer with residence and work permit and a registered address; applies for an internship',
  },
  {
    identityNumber: '199204781539',
    kind: 'coordination_number',
    givenName: 'Lucía',
    familyName: 'Fernández',
    birthdate: '1992-04-18',
    story:
      'newcomer with a coordination number only: permits from Migrationsverket, no registered address yet',
  },
  {
    identityNumber: '197011082232',
    kind: 'personal_identity_number',
    givenName: 'Karin',
    familyName: 'Berg',
    birthdate: '1970-11-08',
    story: 'registered address; guardian of two children at Solbackens skola (and mother of a son over 18)',
  },
];

export function findDemoPerson(identityNumber: string): DemoPerson | undefined {
  const compact = identityNumber.replace(/[-+]/, '');
  return demoPeople.find((p) => p.identityNumber === compact);
}
