import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { TemplateCredential } from '../consumers/consumer-config.js';
import { claimLabel, pageFields } from './page-fields.js';
import { rejectionReasons } from './rejection-text.js';

const profile: TemplateCredential = {
  id: 'contact_profile',
  format: 'dc+sd-jwt',
  vct: contactProfileVct,
  claims: [['address'], ['emails'], ['phones'], ['preferred_language'], ['contact_preferences']],
  label: { sv: 'Kontaktprofil', en: 'Contact profile' },
};
const trustList = {
  issuers: [],
  wallet_providers: [
    { id: 'min-profil-wallet', name: { sv: 'Min profil-plånboken', en: 'Min profil wallet' } },
  ],
} as unknown as TrustList;

describe("the consumer page's fields", () => {
  it('labels the contact profile in Swedish, never by its claim names', () => {
    expect(profile.claims.map((path) => claimLabel(profile, path, 'sv'))).toEqual([
      'Adress',
      'E-post',
      'Telefon',
      'Föredraget språk',
      'Hur du vill bli kontaktad',
    ]);
    expect(claimLabel(profile, ['emails'], 'en')).toBe('E-mail');
    // A registered address from Skatteverket keeps its own name.
    expect(claimLabel({}, ['address'], 'sv')).toBe('Folkbokföringsadress');
  });

  it('shows a channel as verified only with the verifier-checked proof, and the rest as given by the person', () => {
    const fields = pageFields(
      [profile],
      {
        contact_profile: [
          {
            issuer: 'did:jwk:eyJrdHkiOiJFQyJ9',
            vct: contactProfileVct,
            address: {
              street_address: 'Storgatan 1',
              postal_code: '123 45',
              locality: 'Byn',
              country: 'SE',
              source: 'skatteverket',
            },
            emails: [
              {
                address: 'tolvan@example.se',
                verified: true,
                verified_at: 1,
                verified_by: 'min-profil-wallet',
              },
            ],
            // The holder's own flag without a proof: the verifier already set it false.
            phones: [{ number: '+46701234567', verified: false }],
            preferred_language: 'sv',
            contact_preferences: { default: ['digital_mailbox', 'email'], by_matter: { payments: ['sms'] } },
          },
        ],
      },
      trustList,
      'sv',
    );
    expect(fields).toEqual([
      {
        id: 'f-contact_profile-address',
        value: 'Storgatan 1, 123 45 Byn (enligt Skatteverket)',
        source: 'Uppgett av personen',
        verified: false,
      },
      {
        id: 'f-contact_profile-emails',
        value: 'tolvan@example.se ✓ verifierad',
        source: 'Min profil-plånboken',
        verified: true,
      },
      {
        id: 'f-contact_profile-phones',
        value: '+46701234567 (inte verifierad)',
        source: 'Uppgett av personen',
        verified: false,
      },
      {
        id: 'f-contact_profile-preferred_language',
        value: 'svenska',
        source: 'Uppgett av personen',
        verified: false,
      },
      {
        id: 'f-contact_profile-contact_preferences',
        value: 'digital brevlåda, e-post; Utbetalningar: sms',
        source: 'Uppgett av personen',
        verified: false,
      },
    ]);
  });

  it('does not call a list verified when one of its addresses is not', () => {
    const [emails] = pageFields(
      [{ ...profile, claims: [['emails']] }],
      {
        contact_profile: [
          {
            issuer: 'did:jwk:x',
            vct: contactProfileVct,
            emails: [
              { address: 'a@example.se', verified: true, verified_by: 'min-profil-wallet' },
              { address: 'b@example.se', verified: false },
            ],
          },
        ],
      },
      trustList,
      'sv',
    );
    expect(emails).toMatchObject({
      value: 'a@example.se ✓ verifierad; b@example.se (inte verifierad)',
      source: 'Uppgett av personen',
      verified: false,
    });
  });
});

describe('why an answer was refused, in words', () => {
  const check = (name: string) => ({
    name,
    passed: false,
    detail: 'the presentations do not satisfy the query',
  });

  it('names what the page needs when the query was not satisfied, never the check or its detail', () => {
    const reasons = rejectionReasons(
      [{ name: 'state', passed: true }, check('dcql_satisfied')],
      'Förnamn, Efternamn (Inskrivningsintyg)',
      'sv',
    );
    expect(reasons).toEqual([
      'Svaret saknar uppgifter som behövs. Vi behöver: Förnamn, Efternamn (Inskrivningsintyg). Dela dem när plånboken frågar.',
    ]);
  });

  it('says each reason once, and something for a check it does not know', () => {
    expect(rejectionReasons([check('nonce'), check('audience')], '', 'sv')).toEqual([
      'Svaret hörde inte ihop med den här förfrågan.',
    ]);
    expect(rejectionReasons([check('wallet_response')], '', 'en')).toEqual([
      'Sharing was stopped in the wallet, so no details were sent.',
    ]);
    expect(rejectionReasons([check('something_new')], '', 'sv')).toEqual([
      'Uppgifterna gick inte att kontrollera.',
    ]);
    expect(rejectionReasons(null, '', 'sv')).toEqual(['Uppgifterna gick inte att kontrollera.']);
  });
});
