import { demoPeople } from '@min-profil/shared/demo-people';
import type { DemoRecord } from './demo-register-data.js';

/**
 * Families in Skatteverket's demo register (issue #20): children are in the population
 * register under their guardians. They sign in nowhere, so they are not demo eID people.
 * Karin Berg has two children at Solbackens skola and a son who has turned 18, for whom she
 * is no longer guardian (he gets no guardian credential).
 */
export interface DemoChild {
  given_name: string;
  family_name: string;
  personal_identity_number: string;
  birthdate: string;
}

const karin = '197011082232';

export const karinsChildren: readonly DemoChild[] = [
  {
    given_name: 'Elsa',
    family_name: 'Berg',
    personal_identity_number: '201405212422',
    birthdate: '2014-05-21',
  },
  {
    given_name: 'Oskar',
    family_name: 'Berg',
    personal_identity_number: '201709033854',
    birthdate: '2017-09-03',
  },
  {
    given_name: 'Johan',
    family_name: 'Berg',
    personal_identity_number: '200602142739',
    birthdate: '2006-02-14',
  },
];

function named(identityNumber: string) {
  const p = demoPeople.find((d) => d.identityNumber === identityNumber)!;
  return { given_name: p.givenName, family_name: p.familyName };
}

/** Skatteverket's `guardianship` records: one per guardian, listing the children. */
export const demoGuardianshipRecords: DemoRecord[] = [
  {
    holderId: 'skatteverket',
    identityNumber: karin,
    recordType: 'guardianship',
    data: {
      ...named(karin),
      personal_identity_number: karin,
      role: 'vårdnadshavare',
      children: karinsChildren,
    },
  },
];

/**
 * Skatteverket's `identity` records: everyone in its register, including Lucía Fernández, to
 * whom it assigned a coordination number, and the children.
 */
export const demoIdentityRecords: DemoRecord[] = [
  ...demoPeople.map((p) => ({
    holderId: 'skatteverket',
    identityNumber: p.identityNumber,
    recordType: 'identity',
    data: { ...named(p.identityNumber), birthdate: p.birthdate, [p.kind]: p.identityNumber },
  })),
  ...karinsChildren.map((child) => ({
    holderId: 'skatteverket',
    identityNumber: child.personal_identity_number,
    recordType: 'identity',
    data: { ...child },
  })),
];
