import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { readX5cCertificates } from '@min-profil/shared/sd-jwt/read-x5c-certificates';
import { readVectorText } from '@min-profil/shared/sd-jwt/testing/read-sd-jwt-vectors';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import { trustListAuthorityType } from '@min-profil/shared/trust-list/trusted-authority-type';
import { authorityKeyIdentifier } from './authority-key-identifier.js';
import { satisfiesTrustedAuthorities, splitTrustedAuthorities } from './trusted-authorities.js';

/**
 * The EU reference PID (test/vectors/eudi) is signed by "PID DS - 03", issued by "PID Issuer CA -
 * UT 02"; EUDI verifiers ask for it with `aki` naming that CA's key. The expected identifier is
 * what `openssl x509 -text` prints as the certificate's X509v3 Authority Key Identifier.
 */
const pid = decodeSdJwtVc(readVectorText('eudi', 'openid4vp-kt', 'example', 'sd-jwt-vc-pid.txt').trim());
const caKeyId = Buffer.from('62C7944728BD0FA21620A79AC2499444F101D3C7', 'hex').toString('base64url');
const listUri = 'https://trust.example/list.jwt';
const emptyList = buildTrustList({ operator: 'test', issuers: [], consumers: [], registrations: [] });
const listWithPidIssuer = buildTrustList({
  operator: 'test',
  issuers: [
    {
      id: 'pid',
      name: { sv: 'PID', en: 'PID' },
      credential_issuer: pid.iss!,
      jwks: { keys: [{ kty: 'EC' }] },
      credential_types: [
        {
          format: 'dc+sd-jwt',
          type: pid.vct!,
          credential_configuration_id: 'pid',
          name: { sv: 'PID', en: 'PID' },
        },
      ],
    },
  ],
  consumers: [],
  registrations: [],
});
const credential = { header: pid.header, iss: pid.iss, vct: pid.vct };
const satisfies = (authorities: Array<{ type: string; values: string[] }>, trustList = emptyList) =>
  satisfiesTrustedAuthorities({ authorities, credential, trustList, trustListUri: listUri });

describe('trusted_authorities in the wallet (OpenID4VP 1.0 section 6.1.1)', () => {
  it("reads the Authority Key Identifier of the PID's signing certificate", () => {
    const [leaf] = readX5cCertificates({ header: pid.header });
    expect(authorityKeyIdentifier(leaf!)).toBe(caKeyId);
  });

  it('aki: the PID matches its CA key identifier, and no other', () => {
    expect(satisfies([{ type: 'aki', values: ['AAAA', caKeyId] }])).toBe(true);
    expect(satisfies([{ type: 'aki', values: ['cs3KyqizHgtXRe32n6JBJHAfaLY'] }])).toBe(false);
    expect(
      satisfiesTrustedAuthorities({
        authorities: [{ type: 'aki', values: [caKeyId] }],
        credential: { header: {}, iss: pid.iss, vct: pid.vct },
        trustList: emptyList,
        trustListUri: listUri,
      }),
    ).toBe(false);
  });

  it('etsi_tl and openid_federation are never assumed to match', () => {
    expect(satisfies([{ type: 'etsi_tl', values: [listUri] }], listWithPidIssuer)).toBe(false);
    expect(satisfies([{ type: 'openid_federation', values: ['https://federation.example'] }])).toBe(false);
    expect(satisfies([{ type: 'urn:unknown', values: ['x'] }])).toBe(false);
  });

  it('our trust list type: the issuer must be authoritative on the list this wallet uses', () => {
    expect(satisfies([{ type: trustListAuthorityType, values: [listUri] }], listWithPidIssuer)).toBe(true);
    expect(satisfies([{ type: trustListAuthorityType, values: [listUri] }], emptyList)).toBe(false);
    expect(
      satisfies(
        [{ type: trustListAuthorityType, values: ['https://other.example/list.jwt'] }],
        listWithPidIssuer,
      ),
    ).toBe(false);
  });

  it('splits trusted_authorities off for dcql, and refuses malformed ones', () => {
    const asked = [{ type: trustListAuthorityType, values: [listUri] }];
    const { query, authorities } = splitTrustedAuthorities({
      credentials: [
        { id: 'a', format: 'dc+sd-jwt', trusted_authorities: asked },
        { id: 'b', format: 'dc+sd-jwt' },
      ],
    });
    expect(query).toEqual({
      credentials: [
        { id: 'a', format: 'dc+sd-jwt' },
        { id: 'b', format: 'dc+sd-jwt' },
      ],
    });
    expect([...authorities]).toEqual([['a', asked]]);
    expect(() =>
      splitTrustedAuthorities({
        credentials: [{ id: 'a', trusted_authorities: [{ type: 'aki', values: [] }] }],
      }),
    ).toThrow();
    expect(() => splitTrustedAuthorities({ credentials: [{ id: 'a', trusted_authorities: [] }] })).toThrow();
  });
});
