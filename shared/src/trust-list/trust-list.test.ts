import { generateKeyPairSync } from 'node:crypto';
import { exportJWK } from 'jose';
import { contactProfileVct } from '../contact-profile/contact-profile.js';
import { buildTrustList } from './build-trust-list.js';
import { demoRegistrations, schoolGuardianRegistration } from './demo-registrations.js';
import { signTrustList, verifyTrustList } from './sign-trust-list.js';
import { claimsBeyondRegistration, isAuthoritativeIssuer } from './trust-queries.js';
import type { TrustList } from './z-trust-list.js';

const list: TrustList = {
  version: 1,
  operator: 'Min profil test operator',
  issued_at: '2026-11-29T00:00:00Z',
  issuers: [
    {
      id: 'af',
      name: { sv: 'Arbetsförmedlingen', en: 'Swedish Public Employment Service' },
      credential_issuer: 'https://issuer.example/af',
      jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] },
      credential_types: [
        {
          format: 'dc+sd-jwt',
          type: 'https://issuer.example/af/vct/registration-certificate',
          credential_configuration_id: 'registration_certificate',
          name: { sv: 'Inskrivningsintyg', en: 'Registration certificate' },
        },
      ],
    },
  ],
  consumers: [
    {
      id: 'insurer',
      name: { sv: 'Försäkringsbolaget', en: 'The insurer' },
      client_id: 'decentralized_identifier:did:web:verifier.example:insurer',
      jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] },
      registrations: [
        {
          purpose: { sv: 'Ersättning vid arbetslöshet', en: 'Unemployment insurance claim' },
          credentials: [
            {
              format: 'dc+sd-jwt',
              type: 'https://issuer.example/af/vct/registration-certificate',
              claims: [['given_name'], ['family_name'], ['registered_since']],
            },
          ],
        },
      ],
    },
  ],
};

describe('trust list', () => {
  it('round-trips through the operator signature and rejects another key', async () => {
    const operator = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jws = await signTrustList({ trustList: list, privateKey: operator.privateKey, kid: 'op-1' });
    expect(await verifyTrustList({ jws, operatorJwk: await exportJWK(operator.publicKey) })).toEqual(list);
    await expect(verifyTrustList({ jws, operatorJwk: await exportJWK(other.publicKey) })).rejects.toThrow();
  });

  it('says an issuer is authoritative only for the types listed for it', () => {
    const vct = 'https://issuer.example/af/vct/registration-certificate';
    expect(
      isAuthoritativeIssuer(list, { iss: 'https://issuer.example/af', format: 'dc+sd-jwt', type: vct }),
    ).toBe(true);
    expect(
      isAuthoritativeIssuer(list, {
        iss: 'https://issuer.example/skatteverket',
        format: 'dc+sd-jwt',
        type: vct,
      }),
    ).toBe(false);
    expect(
      isAuthoritativeIssuer(list, { iss: 'https://issuer.example/af', format: 'dc+sd-jwt', type: 'other' }),
    ).toBe(false);
  });

  it('names the claims a consumer asks for beyond its registration', () => {
    const type = 'https://issuer.example/af/vct/registration-certificate';
    const consumer = list.consumers[0];
    expect(
      claimsBeyondRegistration(consumer, [
        { format: 'dc+sd-jwt', type, claims: [['given_name'], ['registered_since']] },
      ]),
    ).toEqual([]);
    expect(
      claimsBeyondRegistration(consumer, [
        { format: 'dc+sd-jwt', type, claims: [['given_name'], ['personal_identity_number']] },
      ]),
    ).toEqual([{ type, claims: [['personal_identity_number']] }]);
    expect(
      claimsBeyondRegistration(undefined, [{ format: 'dc+sd-jwt', type, claims: [['given_name']] }]),
    ).toHaveLength(1);
  });

  it('registers consumers for the self-asserted contact profile and lists wallet providers', async () => {
    const key = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' };
    const endpoints = {
      update_endpoint: 'https://verifier.example/consumers/school/standing-permissions/updates',
      nonce_endpoint: 'https://verifier.example/consumers/school/standing-permissions/nonce',
    };
    const built = buildTrustList({
      operator: 'test',
      issuers: [],
      consumers: [
        {
          id: 'school',
          name: { sv: 'Solbackens skola', en: 'Solbacken School' },
          client_id: 'decentralized_identifier:did:web:verifier.example:consumers:school',
          jwks: { keys: [key] },
          standing_permissions: endpoints,
        },
      ],
      // Its contact-profile purpose only: the guardian purpose names Skatteverket's types.
      registrations: demoRegistrations.filter(
        (r) => r.consumerId === 'school' && r !== schoolGuardianRegistration,
      ),
      walletProviders: [
        {
          id: 'wallet',
          name: { sv: 'Plånbok', en: 'Wallet' },
          jwks: { keys: [key] },
          client_id: 'wallet',
          redirect_uris: ['https://wallet.example/oid4vci/callback'],
        },
      ],
    });
    const school = built.consumers[0];
    expect(school.standing_permissions).toEqual(endpoints);
    expect(school.registrations[0].credentials).toEqual([
      {
        format: 'dc+sd-jwt',
        type: contactProfileVct,
        claims: [['address'], ['emails'], ['phones'], ['preferred_language'], ['contact_preferences']],
      },
    ]);
    expect(built.wallet_providers).toHaveLength(1);
    const operator = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jws = await signTrustList({ trustList: built, privateKey: operator.privateKey, kid: 'op-1' });
    expect(await verifyTrustList({ jws, operatorJwk: await exportJWK(operator.publicKey) })).toEqual(built);
  });
});
