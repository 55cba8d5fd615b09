import { contactProfileClaims, contactProfileVct } from '../contact-profile/contact-profile.js';
import {
  companyContactProfileClaims,
  companyContactProfileVct,
} from '../contact-profile/company-contact-profile.js';
import type { ConsumerRegistrationInput } from './build-trust-list.js';

/** The whole contact profile (self-asserted: no issuer is authoritative for it). */
const contactProfile = {
  selfAsserted: { format: 'dc+sd-jwt' as const, type: contactProfileVct },
  claims: contactProfileClaims.map((name) => [name]),
};

/** The whole company contact profile (issue 21; self-asserted, signed by the company key). */
const companyContactProfile = {
  selfAsserted: { format: 'dc+sd-jwt' as const, type: companyContactProfileVct },
  claims: companyContactProfileClaims.map((name) => [name]),
};

/** What the demo university asks of an upper-secondary diploma (and is registered for). */
export const diplomaAdmissionClaims = [
  ['given_name'],
  ['family_name'],
  ['personal_identity_number'],
  ['programme'],
  ['courses'],
  ['total_points'],
  ['graduation_date'],
];

/** What the demo school asks of each guardian credential (issue #20): the holder and the child. */
export const guardianClaims = [
  ['personal_identity_number'],
  ['child', 'given_name'],
  ['child', 'family_name'],
  ['child', 'personal_identity_number'],
  ['child', 'birthdate'],
];

/** What a consumer asks of an identity credential to know who answered (issue #20). */
export const identityClaims = [['given_name'], ['family_name'], ['personal_identity_number']];

/**
 * The school's second purpose (issue #20): the guardians of the children it names, who they
 * are, and their contact profile. Apart from the first, which names no issuer.
 */
export const schoolGuardianRegistration: ConsumerRegistrationInput = {
  consumerId: 'school',
  purpose: {
    sv: 'Kontakt med barnens vårdnadshavare, styrkta av Skatteverket',
    en: "Contacting the children's guardians, as Skatteverket attests them",
  },
  credentials: [
    contactProfile,
    { issuerId: 'skatteverket', credentialConfigurationId: 'guardian_credential', claims: guardianClaims },
    { issuerId: 'skatteverket', credentialConfigurationId: 'person_identity', claims: identityClaims },
    { issuerId: 'skatteverket', credentialConfigurationId: 'registered_address', claims: identityClaims },
  ],
};

/** The demo operator's registrations: which consumer may ask for what, and why (docs/design.md, stories 1–3). */
export const demoRegistrations: ConsumerRegistrationInput[] = [
  {
    consumerId: 'insurer',
    purpose: {
      sv: 'Pröva rätt till ersättning från inkomstförsäkringen vid arbetslöshet',
      en: 'Assess entitlement to income insurance benefit during unemployment',
    },
    credentials: [
      {
        issuerId: 'af',
        credentialConfigurationId: 'registration_certificate',
        claims: [['given_name'], ['family_name'], ['registered_since']],
      },
    ],
  },
  {
    consumerId: 'university',
    purpose: { sv: 'Antagning till högskoleutbildning', en: 'Admission to higher education' },
    credentials: [
      {
        issuerId: 'skola',
        credentialConfigurationId: 'upper_secondary_diploma',
        claims: diplomaAdmissionClaims,
      },
    ],
  },
  {
    consumerId: 'af-praktik',
    purpose: { sv: 'Anvisning till praktik', en: 'Placement in an internship' },
    credentials: [
      {
        issuerId: 'migrationsverket',
        credentialConfigurationId: 'residence_permit',
        claims: [
          ['given_name'],
          ['family_name'],
          ['birthdate'],
          ['permit_type'],
          ['valid_from'],
          ['valid_until'],
        ],
      },
      {
        issuerId: 'migrationsverket',
        credentialConfigurationId: 'work_permit',
        claims: [
          ['given_name'],
          ['family_name'],
          ['permit_type'],
          ['valid_from'],
          ['valid_until'],
          ['employer'],
          ['occupation'],
        ],
      },
      {
        issuerId: 'skatteverket',
        credentialConfigurationId: 'registered_address',
        claims: [['given_name'], ['family_name'], ['personal_identity_number'], ['address']],
      },
    ],
  },
  // Contact profile with a standing permission (docs/standing-permissions.md).
  {
    consumerId: 'school',
    purpose: {
      sv: 'Kontakt med vårdnadshavare om elevens skolgång',
      en: "Contacting guardians about the pupil's schooling",
    },
    credentials: [contactProfile],
  },
  {
    consumerId: 'municipality',
    purpose: {
      sv: 'Kontakt med invånare i ärenden hos kommunen',
      en: 'Contacting residents about their matters with the municipality',
    },
    credentials: [contactProfile],
  },
  // Companies and agents (issue #21, docs/representation.md).
  {
    consumerId: 'municipality-permits',
    purpose: {
      sv: 'Ärenden för företag och genom ombud hos kommunen',
      en: 'Matters for companies and by agents with the municipality',
    },
    credentials: [
      {
        issuerId: 'bolagsverket',
        credentialConfigurationId: 'signatory',
        claims: [
          ['given_name'],
          ['family_name'],
          ['personal_identity_number'],
          ['org_number'],
          ['company_name'],
          ['role'],
          ['signing_rule'],
        ],
      },
      {
        issuerId: 'bolagsverket',
        credentialConfigurationId: 'company_identity',
        claims: [['org_number'], ['euid'], ['legal_name'], ['postal_address']],
      },
      {
        issuerId: 'skatteverket',
        credentialConfigurationId: 'person_identity',
        claims: [['given_name'], ['family_name'], ['personal_identity_number']],
      },
      {
        issuerId: 'ombud',
        credentialConfigurationId: 'mandate',
        claims: [['principal'], ['agent'], ['scope'], ['valid_from'], ['valid_until']],
      },
      companyContactProfile,
    ],
  },
  {
    consumerId: 'forsakringskassan',
    purpose: {
      sv: 'Kontakt om beslut, utbetalningar och ärenden hos Försäkringskassan',
      en: 'Contact about decisions, payments and matters with the Social Insurance Agency',
    },
    credentials: [contactProfile],
  },
  schoolGuardianRegistration,
  // The company contact profile under standing permissions (issue 21, docs/representation.md).
  {
    consumerId: 'municipality',
    purpose: {
      sv: 'Kontakt med företag i ärenden hos kommunen',
      en: 'Contacting companies about their matters with the municipality',
    },
    credentials: [companyContactProfile],
  },
  {
    consumerId: 'forsakringskassan',
    purpose: {
      sv: 'Kontakt med arbetsgivare om anställdas ärenden',
      en: "Contacting employers about their employees' matters",
    },
    credentials: [companyContactProfile],
  },
];
