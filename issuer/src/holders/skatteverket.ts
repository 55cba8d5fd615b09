import { guardianship } from './guardianship.js';
import { claim, holderNumberClaims, label, nameClaims, type HolderDefinition } from './holder-types.js';
import { personIdentity } from './person-identity.js';

export const skatteverket: HolderDefinition = {
  id: 'skatteverket',
  name: label('Skatteverket', 'Swedish Tax Agency'),
  description: label(
    'Utfärdar intyg om folkbokföringsadress, identitet och vårdnad.',
    'Issues certificates of registered address, identity and guardianship.',
  ),
  configurations: [
    {
      id: 'registered_address',
      format: 'dc+sd-jwt',
      typeName: 'registered-address',
      recordType: 'registered_address',
      scope: 'skatteverket_registered_address',
      name: label('Folkbokföringsadress', 'Registered address'),
      description: label(
        'Den adress där personen är folkbokförd.',
        'The address at which the person is registered in the population register.',
      ),
      claims: [
        ...nameClaims,
        ...holderNumberClaims,
        claim(['address'], 'Adress', 'Address'),
        claim(['address', 'street_address'], 'Gatuadress', 'Street address'),
        claim(['address', 'postal_code'], 'Postnummer', 'Postal code'),
        claim(['address', 'locality'], 'Postort', 'Locality'),
        claim(['address', 'municipality'], 'Kommun', 'Municipality'),
        claim(['registered_since'], 'Folkbokförd sedan', 'Registered since'),
      ],
      validityDays: 365,
      backgroundColor: '#1c3c6e',
      textColor: '#ffffff',
    },
    personIdentity,
    guardianship,
  ],
};
