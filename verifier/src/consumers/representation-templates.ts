import {
  companyContactProfileClaims,
  companyContactProfileVct,
} from '@min-profil/shared/contact-profile/company-contact-profile';
import type { ClaimPath } from '@min-profil/shared/trust-list/z-trust-list';
import type { ConsumerConfig, LocalizedText, PresentationTemplate } from './consumer-config.js';

/**
 * Templates for acting for someone else (issue #21, docs/representation.md). The template's
 * name is the purpose code a power of attorney's scope names (`mandate_scope`).
 */
const label = (sv: string, en: string): LocalizedText => ({ sv, en });

export const signatoryClaims: ClaimPath[] = [
  ['given_name'],
  ['family_name'],
  ['personal_identity_number'],
  ['org_number'],
  ['company_name'],
  ['role'],
  ['signing_rule'],
];
export const companyIdentityClaims: ClaimPath[] = [
  ['org_number'],
  ['euid'],
  ['legal_name'],
  ['postal_address'],
];
export const agentIdentityClaims: ClaimPath[] = [
  ['given_name'],
  ['family_name'],
  ['personal_identity_number'],
];
export const mandateClaims: ClaimPath[] = [
  ['principal'],
  ['agent'],
  ['scope'],
  ['valid_from'],
  ['valid_until'],
];

/**
 * A company's permit case: the person who signs for it and the company itself. A company whose
 * rule needs two signatories stays `pending_second_signatory` (`signing_rule`). The company's
 * contact profile may come with them (an optional credential set), under a standing permission;
 * `company_profile_subject` checks it is that company's (issue 21).
 */
export const companyPermitTemplate: PresentationTemplate = {
  purpose: label('Ansökan om tillstånd för ett företag', 'Permit application for a company'),
  credentials: [
    {
      id: 'signatory',
      format: 'dc+sd-jwt',
      credential_configuration_id: 'signatory',
      fallbackVctPath: 'bolagsverket/vct/signatory',
      claims: signatoryClaims,
      // Styrelsen gemensamt: how many must approve; older signatory credentials lack it.
      optionalClaims: [['board_size']],
      label: label('Firmatecknare', 'Authorised signatory'),
    },
    {
      id: 'company_identity',
      format: 'dc+sd-jwt',
      credential_configuration_id: 'company_identity',
      fallbackVctPath: 'bolagsverket/vct/company_identity',
      claims: companyIdentityClaims,
      label: label('Företagsidentitet', 'Company identity'),
    },
    {
      id: 'company_contact_profile',
      format: 'dc+sd-jwt',
      vct: companyContactProfileVct,
      claims: companyContactProfileClaims.map((name) => [name]),
      label: label('Företagets kontaktuppgifter', 'Company contact details'),
    },
  ],
  credentialSets: [
    { options: [['signatory', 'company_identity']] },
    { options: [['company_contact_profile']], required: false },
  ],
  standingPermission: { credentialIds: ['company_contact_profile'] },
};

/**
 * A matter a person may hand to an agent: the agent's own identity and the power of attorney
 * (`mandate_valid`, `mandate_scope`, `agent_matches`).
 */
export const byAgentTemplate = (purpose: LocalizedText): PresentationTemplate => ({
  purpose,
  credentials: [
    {
      id: 'agent_identity',
      format: 'dc+sd-jwt',
      credential_configuration_id: 'person_identity',
      fallbackVctPath: 'skatteverket/vct/person-identity',
      claims: agentIdentityClaims,
      label: label('Ombudets identitet', "The agent's identity"),
    },
    {
      id: 'mandate',
      format: 'dc+sd-jwt',
      credential_configuration_id: 'mandate',
      fallbackVctPath: 'ombud/vct/mandate',
      claims: mandateClaims,
      label: label('Fullmakt', 'Power of attorney'),
    },
  ],
});

/**
 * Exempelby kommun's permit office: the same body (org number) as the municipality, hosted as its
 * own consumer for companies' and agents' matters, so its registration (signatory, company
 * identity, person identity, mandate) stays apart from the contact-profile consumers'.
 */
export const municipalityPermits: ConsumerConfig = {
  id: 'municipality-permits',
  name: label('Exempelby kommun – tillstånd', 'Exempelby kommun – permits'),
  defaultTemplate: 'company_permit',
  controller: { orgNumber: '212000-0004', contact: { email: 'dataskydd@exempelby.example' } },
  terms: {
    legalBasis: {
      basis: 'public_task',
      article: 'GDPR Art. 6(1)(e)',
      description: label('Kommunens myndighetsutövning', 'The municipality’s exercise of public authority'),
    },
    retentionSeconds: 365 * 86_400,
  },
  templates: {
    company_permit: companyPermitTemplate,
    building_permit: byAgentTemplate(
      label('Ansökan om bygglov genom ombud', 'Building permit application by an agent'),
    ),
  },
};
