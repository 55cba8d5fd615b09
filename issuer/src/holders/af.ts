import { claim, holderNumberClaims, label, nameClaims, type HolderDefinition } from './holder-types.js';

const registrationClaims = [
  ...nameClaims,
  ...holderNumberClaims,
  claim(['registered_since'], 'Inskriven sedan', 'Registered since'),
  claim(['registration_status'], 'Inskrivningsstatus', 'Registration status'),
  claim(['office'], 'Kontor', 'Office'),
];

const shared = {
  recordType: 'registration',
  scope: 'af_registration_certificate',
  name: label('Inskrivningsintyg', 'Registration certificate'),
  description: label(
    'Intyg om att personen är inskriven som arbetssökande hos Arbetsförmedlingen.',
    'Certifies that the person is registered as a job seeker with the Swedish Public Employment Service.',
  ),
  claims: registrationClaims,
  validityDays: 90,
  backgroundColor: '#00005a',
  textColor: '#ffffff',
};

export const arbetsformedlingen: HolderDefinition = {
  id: 'af',
  name: label('Arbetsförmedlingen', 'Swedish Public Employment Service'),
  description: label(
    'Utfärdar intyg om inskrivning som arbetssökande.',
    'Issues certificates of registration as a job seeker.',
  ),
  configurations: [
    { ...shared, id: 'registration_certificate', format: 'dc+sd-jwt', typeName: 'registration-certificate' },
    {
      ...shared,
      id: 'registration_certificate_jwt_vc',
      format: 'jwt_vc_json',
      typeName: 'RegistrationCertificate',
      scope: 'af_registration_certificate_jwt_vc',
    },
  ],
};
