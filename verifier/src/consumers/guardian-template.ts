import { contactProfileClaims, contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { guardianClaims, identityClaims } from '@min-profil/shared/trust-list/demo-registrations';
import { pidVct } from '../verification/credential-roles.js';
import type { LocalizedText, PresentationTemplate, TemplateCredential } from './consumer-config.js';

const label = (sv: string, en: string): LocalizedText => ({ sv, en });

/**
 * Who answered (issue #20): Skatteverket's identity credential, the EU PID or Skatteverket's
 * registered address, whichever the person holds — one `credential_sets` choice.
 */
export const identityCredentials: TemplateCredential[] = [
  {
    id: 'identity',
    format: 'dc+sd-jwt',
    credential_configuration_id: 'person_identity',
    fallbackVctPath: 'skatteverket/vct/person-identity',
    claims: identityClaims,
    label: label('Identitetsintyg', 'Person identity'),
  },
  {
    id: 'pid',
    format: 'dc+sd-jwt',
    vct: pidVct,
    claims: [['given_name'], ['family_name'], ['personal_administrative_number']],
    label: label('EU-identitetsintyg (PID)', 'EU identity (PID)'),
  },
  {
    id: 'registered_address',
    format: 'dc+sd-jwt',
    credential_configuration_id: 'registered_address',
    fallbackVctPath: 'skatteverket/vct/registered-address',
    claims: identityClaims,
    label: label('Folkbokföringsadress', 'Registered address'),
  },
];

const identityChoice = { options: identityCredentials.map((c) => [c.id]) };

/**
 * The school's template (issue #20): a guardian credential for each child the request names
 * (`children`), the parent's identity, and the parent's contact profile under a standing
 * permission. One answer covers every child; the checks `guardian_valid`, `guardian_matches`
 * and `profile_subject` tie the three together.
 */
export function guardianContactTemplate(purpose: LocalizedText): PresentationTemplate {
  return {
    purpose,
    credentials: [
      {
        id: 'guardian',
        format: 'dc+sd-jwt',
        credential_configuration_id: 'guardian_credential',
        fallbackVctPath: 'skatteverket/vct/guardianship',
        claims: guardianClaims,
        multiple: true,
        label: label('Vårdnadshavare', 'Guardian'),
      },
      ...identityCredentials,
      {
        id: 'contact_profile',
        format: 'dc+sd-jwt',
        vct: contactProfileVct,
        claims: contactProfileClaims.map((name) => [name]),
        label: label('Kontaktprofil', 'Contact profile'),
      },
    ],
    credentialSets: [{ options: [['guardian']] }, identityChoice, { options: [['contact_profile']] }],
    namesChildren: 'guardian',
    standingPermission: { credentialIds: ['contact_profile'] },
  };
}
