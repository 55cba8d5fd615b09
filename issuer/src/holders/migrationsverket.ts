import {
  claim,
  holderNumberClaims,
  label,
  nameClaims,
  type ClaimDefinition,
  type HolderDefinition,
} from './holder-types.js';

const permitClaims: ClaimDefinition[] = [
  ...nameClaims,
  ...holderNumberClaims,
  claim(['birthdate'], 'Födelsedatum', 'Date of birth'),
  claim(['nationalities'], 'Medborgarskap', 'Nationalities'),
  claim(['permit_type'], 'Typ av tillstånd', 'Permit type'),
  claim(['valid_from'], 'Giltigt från', 'Valid from'),
  claim(['valid_until'], 'Giltigt till', 'Valid until'),
];

export const migrationsverket: HolderDefinition = {
  id: 'migrationsverket',
  name: label('Migrationsverket', 'Swedish Migration Agency'),
  description: label('Utfärdar uppehålls- och arbetstillstånd.', 'Issues residence and work permits.'),
  configurations: [
    {
      id: 'residence_permit',
      format: 'dc+sd-jwt',
      typeName: 'residence-permit',
      recordType: 'residence_permit',
      scope: 'migrationsverket_residence_permit',
      name: label('Uppehållstillstånd', 'Residence permit'),
      description: label(
        'Beslut om uppehållstillstånd i Sverige.',
        'Decision on a residence permit in Sweden.',
      ),
      claims: permitClaims,
      backgroundColor: '#005a5a',
      textColor: '#ffffff',
    },
    {
      id: 'work_permit',
      format: 'dc+sd-jwt',
      typeName: 'work-permit',
      recordType: 'work_permit',
      scope: 'migrationsverket_work_permit',
      name: label('Arbetstillstånd', 'Work permit'),
      description: label('Beslut om arbetstillstånd i Sverige.', 'Decision on a work permit in Sweden.'),
      claims: [
        ...permitClaims,
        claim(['employer'], 'Arbetsgivare', 'Employer'),
        claim(['occupation'], 'Yrke', 'Occupation'),
      ],
      backgroundColor: '#00473f',
      textColor: '#ffffff',
    },
  ],
};
