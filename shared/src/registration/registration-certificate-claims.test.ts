import {
  certificateAgreesWithTrustList,
  registrationCertificateClaims,
  registrationOfCertificate,
} from './registration-certificate-claims.js';

const consumer = {
  client_id: 'decentralized_identifier:did:web:verifier.example:consumers:insurer',
  name: { sv: 'Trygga Försäkringar', en: 'Trygga Insurance' },
  registrations: [
    {
      purpose: { sv: 'Pröva rätt till ersättning', en: 'Assess entitlement' },
      credentials: [
        {
          format: 'dc+sd-jwt' as const,
          type: 'https://issuer.example/af/vct/registration-certificate',
          claims: [['given_name'], ['family_name']],
        },
        {
          format: 'jwt_vc_json' as const,
          type: 'RegistrationCertificate',
          claims: [['credentialSubject', 'given_name']],
        },
      ],
    },
  ],
};

describe('registration certificate claims (ETSI TS 119 475 names)', () => {
  it('certifies one registration as the EUDI form has it, and reads back as that registration', () => {
    const claims = registrationCertificateClaims(consumer, consumer.registrations[0]!, {
      privacyPolicy: 'https://insurer.example/privacy',
      intendedUseId: 'insurer-1',
    });
    expect(claims).toEqual({
      sub: consumer.client_id,
      name: 'Trygga Försäkringar',
      country: 'SE',
      purpose: [
        { lang: 'sv', value: 'Pröva rätt till ersättning' },
        { lang: 'en', value: 'Assess entitlement' },
      ],
      credentials: [
        {
          format: 'dc+sd-jwt',
          meta: { vct_values: ['https://issuer.example/af/vct/registration-certificate'] },
          claim: [{ path: ['given_name'] }, { path: ['family_name'] }],
        },
        {
          format: 'jwt_vc_json',
          meta: { type_values: [['RegistrationCertificate']] },
          claim: [{ path: ['credentialSubject', 'given_name'] }],
        },
      ],
      privacy_policy: 'https://insurer.example/privacy',
      intended_use_id: 'insurer-1',
    });
    expect(registrationOfCertificate({ ...claims, iat: 0 })).toEqual(consumer.registrations[0]);
  });

  it('agrees with the trust list only on the same name and exactly one of its registrations', () => {
    const certified = (registration = consumer.registrations[0]!, name = 'Trygga Försäkringar') => ({
      name,
      registration,
    });
    expect(certificateAgreesWithTrustList(certified(), consumer)).toBe(true);
    // Claims in another order are the same registration.
    const reordered = {
      ...consumer.registrations[0]!,
      credentials: [...consumer.registrations[0]!.credentials]
        .reverse()
        .map((c) => ({ ...c, claims: [...c.claims].reverse() })),
    };
    expect(certificateAgreesWithTrustList(certified(reordered), consumer)).toBe(true);
    const wider = {
      ...consumer.registrations[0]!,
      credentials: consumer.registrations[0]!.credentials.map((c) => ({
        ...c,
        claims: [...c.claims, ['birthdate']],
      })),
    };
    expect(certificateAgreesWithTrustList(certified(wider), consumer)).toBe(false);
    const narrower = {
      ...consumer.registrations[0]!,
      credentials: consumer.registrations[0]!.credentials.slice(0, 1),
    };
    expect(certificateAgreesWithTrustList(certified(narrower), consumer)).toBe(false);
    expect(certificateAgreesWithTrustList(certified(undefined, 'Other AB'), consumer)).toBe(false);
  });
});
