import { claim, label, nameClaims, type HolderDefinition } from './holder-types.js';

/** The EU PID as an SD-JWT VC (PID Rulebook, ARF Annex 3.1): its `vct`, which names no issuer. */
export const pidVct = 'urn:eudi:pid:1';

/**
 * A demo PID provider (issue #20): it issues the EU Person Identification Data to everyone in
 * the population register, claims named as the PID Rulebook names them. A consumer that asks
 * for an identity credential accepts it as well as Skatteverket's. In Sweden the personal
 * administrative number is the personal identity (or coordination) number.
 */
export const pidProvider: HolderDefinition = {
  id: 'pid',
  name: label('PID-utfärdare (demo)', 'PID provider (demo)'),
  description: label(
    'Utfärdar EU:s personidentifieringsdata (PID) till den som finns i folkbokföringen.',
    'Issues the EU Person Identification Data (PID) to everyone in the population register.',
  ),
  configurations: [
    {
      id: 'pid',
      format: 'dc+sd-jwt',
      typeName: 'pid',
      vct: pidVct,
      recordType: 'pid',
      scope: 'pid',
      name: label('EU-identitetsintyg (PID)', 'EU identity (PID)'),
      description: label(
        'Vem personen är, enligt EU:s regler för personidentifieringsdata.',
        'Who the person is, under the EU rules for person identification data.',
      ),
      claims: [
        ...nameClaims,
        claim(['birthdate'], 'Födelsedatum', 'Date of birth'),
        claim(['nationalities'], 'Medborgarskap', 'Nationalities'),
        claim(['personal_administrative_number'], 'Personnummer', 'Personal administrative number'),
        // About the credential, not the person: always shown.
        claim(['issuing_authority'], 'Utfärdande myndighet', 'Issuing authority', false),
        claim(['issuing_country'], 'Utfärdande land', 'Issuing country', false),
      ],
      validityDays: 365,
      backgroundColor: '#003399',
      textColor: '#ffffff',
    },
  ],
};
