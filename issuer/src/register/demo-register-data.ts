import { demoPeople } from '@min-profil/shared/demo-people';
import { demoSignatoryRecords } from './demo-companies.js';
import { demoGuardianshipRecords, demoIdentityRecords } from './demo-families.js';
import { demoPidRecords } from './demo-pid.js';

/**
 * The demo registers' contents for the synthetic people (see shared/demo-people.ts).
 * Every holder knows a person by identity number; the claims are what its register says.
 */
export interface DemoRecord {
  holderId: string;
  identityNumber: string;
  recordType: string;
  data: Record<string, unknown>;
}

function person(identityNumber: string) {
  const p = demoPeople.find((d) => d.identityNumber === identityNumber);
  if (!p) throw new Error(`no demo person ${identityNumber}`);
  return { given_name: p.givenName, family_name: p.familyName };
}

/** The holder's number under its own claim name (a coordination number is not a personnummer). */
function holderNumber(identityNumber: string) {
  const p = demoPeople.find((d) => d.identityNumber === identityNumber)!;
  return { [p.kind]: identityNumber };
}

const tolvan = '191212121212';
const alva = '200503152381';
const samir = '198806244417';
const lucia = '199204781539';
const karin = '197011082232';

export const demoRegisterRecords: DemoRecord[] = [
  ...demoIdentityRecords,
  ...demoGuardianshipRecords,
  ...demoPidRecords,
  ...demoSignatoryRecords,
  {
    holderId: 'af',
    identityNumber: tolvan,
    recordType: 'registration',
    data: {
      ...person(tolvan),
      personal_identity_number: tolvan,
      registered_since: '2026-09-01',
      registration_status: 'Arbetssökande',
      office: 'Arbetsförmedlingen Stockholm City',
    },
  },
  {
    holderId: 'af',
    identityNumber: samir,
    recordType: 'registration',
    data: {
      ...person(samir),
      personal_identity_number: samir,
      registered_since: '2026-10-15',
      registration_status: 'Arbetssökande, etableringsprogrammet',
      office: 'Arbetsförmedlingen Malmö',
    },
  },
  ...[tolvan, samir, karin, alva].map((pnr, i) => ({
    holderId: 'skatteverket',
    identityNumber: pnr,
    recordType: 'registered_address',
    data: {
      ...person(pnr),
      personal_identity_number: pnr,
      address: [
        {
          street_address: 'Storgatan 12',
          postal_code: '111 22',
          locality: 'Stockholm',
          municipality: 'Stockholm',
        },
        {
          street_address: 'Rosengårdsvägen 4',
          postal_code: '213 71',
          locality: 'Malmö',
          municipality: 'Malmö',
        },
        {
          street_address: 'Björkvägen 7 lgh 1102',
          postal_code: '752 31',
          locality: 'Uppsala',
          municipality: 'Uppsala',
        },
        { street_address: 'Skolgatan 3', postal_code: '903 29', locality: 'Umeå', municipality: 'Umeå' },
      ][i],
      registered_since: ['1990-01-01', '2025-03-01', '2001-06-15', '2005-03-20'][i],
    },
  })),
  ...[samir, lucia].flatMap((id, i) => {
    const p = demoPeople.find((d) => d.identityNumber === id)!;
    const base = {
      ...person(id),
      ...holderNumber(id),
      birthdate: p.birthdate,
      nationalities: [['SY'], ['AR']][i],
      valid_from: ['2025-02-01', '2026-08-01'][i],
      valid_until: ['2027-01-31', '2028-07-31'][i],
    };
    return [
      {
        holderId: 'migrationsverket',
        identityNumber: id,
        recordType: 'residence_permit',
        data: { ...base, permit_type: 'Tidsbegränsat uppehållstillstånd' },
      },
      {
        holderId: 'migrationsverket',
        identityNumber: id,
        recordType: 'work_permit',
        data: {
          ...base,
          permit_type: 'Arbetstillstånd',
          employer: ['Malmö stad', 'Uppsala universitet'][i],
          occupation: ['Undersköterska', 'Forskare'][i],
        },
      },
    ];
  }),
  {
    holderId: 'skola',
    identityNumber: alva,
    recordType: 'diploma',
    data: {
      ...person(alva),
      personal_identity_number: alva,
      programme: 'Naturvetenskapsprogrammet',
      courses: [
        { code: 'MATMAT05', name: 'Matematik 5', points: 100, grade: 'A' },
        { code: 'FYSFYS02', name: 'Fysik 2', points: 100, grade: 'B' },
        { code: 'KEMKEM02', name: 'Kemi 2', points: 100, grade: 'A' },
        { code: 'SVESVE03', name: 'Svenska 3', points: 100, grade: 'C' },
        { code: 'ENGENG07', name: 'Engelska 7', points: 100, grade: 'A' },
      ],
      total_points: 2500,
      graduation_date: '2024-06-14',
    },
  },
];
