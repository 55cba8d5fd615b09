import { isOAuthError } from '@min-profil/shared/errors';
import { parseDcqlQuery, requestedTypesAndClaims } from './parse-dcql-query.js';

describe('parseDcqlQuery', () => {
  it('accepts credential sets with alternatives and optional sets, multiple and trusted_authorities', () => {
    const query = parseDcqlQuery({
      credentials: [
        {
          id: 'address',
          format: 'dc+sd-jwt',
          meta: { vct_values: ['https://issuer.example/skatteverket/vct/registered-address'] },
          claims: [{ path: ['address', 'locality'] }],
          trusted_authorities: [{ type: 'openid_federation', values: ['https://federation.example'] }],
        },
        {
          id: 'permit',
          format: 'dc+sd-jwt',
          meta: { vct_values: ['https://issuer.example/migrationsverket/vct/work-permit'] },
          multiple: true,
        },
        {
          id: 'w3c',
          format: 'jwt_vc_json',
          meta: { type_values: [['VerifiableCredential', 'RegistrationCertificate']] },
          claims: [{ path: ['credentialSubject', 'given_name'] }],
        },
      ],
      credential_sets: [{ options: [['address'], ['w3c']] }, { options: [['permit']], required: false }],
    });
    expect(query.credential_sets).toHaveLength(2);
    expect(requestedTypesAndClaims(query)).toEqual([
      {
        format: 'dc+sd-jwt',
        type: 'https://issuer.example/skatteverket/vct/registered-address',
        claims: [['address', 'locality']],
      },
      {
        format: 'dc+sd-jwt',
        type: 'https://issuer.example/migrationsverket/vct/work-permit',
        claims: [[null]],
      },
      {
        format: 'jwt_vc_json',
        type: 'RegistrationCertificate',
        claims: [['credentialSubject', 'given_name']],
      },
    ]);
  });

  it('refuses a query that is not DCQL, names an unknown set member, or asks for mdoc', () => {
    const bad = [
      { credentials: [] },
      {
        credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: { vct_values: ['x'] } }],
        credential_sets: [{ options: [['b']] }],
      },
      { credentials: [{ id: 'm', format: 'mso_mdoc', meta: { doctype_value: 'org.iso.18013.5.1.mDL' } }] },
      'not an object',
    ];
    for (const input of bad) {
      let error: unknown;
      try {
        parseDcqlQuery(input);
      } catch (err) {
        error = err;
      }
      expect(isOAuthError(error) && error.code).toBe('invalid_request');
    }
  });
});
