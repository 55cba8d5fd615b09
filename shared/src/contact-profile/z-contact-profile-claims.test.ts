import { invalidContactProfileClaims } from './z-contact-profile-claims.js';

describe('contact profile claim shapes', () => {
  it('accepts the contract shapes and null for an empty field', () => {
    expect(
      invalidContactProfileClaims({
        address: {
          street_address: 'Storgatan 1',
          postal_code: '111 22',
          locality: 'Exempelby',
          country: 'SE',
        },
        emails: [{ address: 'anna@example.se', verified: true, verified_at: 1, verification: 'a.b.c' }],
        phones: [{ number: '+46701234567', verified: false }],
        preferred_language: 'sv-SE',
        contact_preferences: { default: ['email', 'sms'], by_matter: { payments: ['paper_post'] } },
        iss: 'did:jwk:whatever',
      }),
    ).toEqual([]);
    expect(
      invalidContactProfileClaims({
        address: null,
        emails: null,
        phones: [],
        preferred_language: null,
        contact_preferences: null,
      }),
    ).toEqual([]);
  });

  it('names each malformed claim, never its value', () => {
    expect(
      invalidContactProfileClaims({
        address: { street_address: 'x', postal_code: '1', locality: 'y', country: 'swe' },
        emails: [{ address: 'a@example.se', verification: 'x'.repeat(4097) }],
        phones: [{ number: '+46701234567', extra: true }],
        preferred_language: 'x'.repeat(36),
        contact_preferences: { default: ['pigeon'] },
      }),
    ).toEqual(['address', 'emails', 'phones', 'preferred_language', 'contact_preferences']);
    expect(
      invalidContactProfileClaims({ emails: Array.from({ length: 6 }, () => ({ address: 'a@example.se' })) }),
    ).toEqual(['emails']);
    expect(
      invalidContactProfileClaims({ contact_preferences: { default: [], by_matter: { x: [] } } }),
    ).toEqual(['contact_preferences']);
  });
});
