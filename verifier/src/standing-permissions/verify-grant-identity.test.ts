import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { identityTypes } from './verify-grant-identity.js';

const issuer = (id: string, types: Array<[configuration: string, vct: string]>) => ({
  id,
  name: { sv: id, en: id },
  credential_issuer: `https://${id}.example`,
  jwks: { keys: [] },
  credential_types: types.map(([configuration, type]) => ({
    format: 'dc+sd-jwt' as const,
    type,
    credential_configuration_id: configuration,
    name: { sv: configuration, en: configuration },
  })),
});

describe('the identity credentials a wallet-started grant may carry (contract version 2)', () => {
  it('are the trust list’s person identity and registered address, and the EU PID; nothing that names no one', () => {
    const trustList = {
      issuers: [
        issuer('af', [['registration_certificate', 'https://af.example/vct/registration']]),
        issuer('skatteverket', [
          ['person_identity', 'https://skatteverket.example/vct/person-identity'],
          ['registered_address', 'https://skatteverket.example/vct/registered-address'],
          ['guardian_credential', 'https://skatteverket.example/vct/guardian'],
        ]),
      ],
      consumers: [],
    } as unknown as TrustList;
    expect(identityTypes(trustList).sort()).toEqual(
      [
        'https://skatteverket.example/vct/person-identity',
        'https://skatteverket.example/vct/registered-address',
        'urn:eudi:pid:1',
      ].sort(),
    );
  });
});
