import {
  claim,
  holderNumberClaims,
  label,
  nameClaims,
  type CredentialConfiguration,
} from './holder-types.js';

/**
 * Skatteverket's person identity credential: who the holder is, from the population register,
 * for people with a personal identity number and for those with a coordination number. It is
 * what consumers ask for when they need to know who answered (issue #20).
 */
export const personIdentity: CredentialConfiguration = {
  id: 'person_identity',
  format: 'dc+sd-jwt',
  typeName: 'person-identity',
  recordType: 'identity',
  scope: 'skatteverket_person_identity',
  name: label('Identitetsintyg', 'Person identity'),
  description: label(
    'Vem personen är enligt folkbokföringen: namn, födelsedatum och personnummer eller samordningsnummer.',
    'Who the person is according to the population register: name, date of birth and personal identity or coordination number.',
  ),
  claims: [...nameClaims, claim(['birthdate'], 'Födelsedatum', 'Date of birth'), ...holderNumberClaims],
  validityDays: 365,
  backgroundColor: '#14325a',
  textColor: '#ffffff',
};
