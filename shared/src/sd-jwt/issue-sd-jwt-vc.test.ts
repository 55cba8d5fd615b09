import { createDisclosureFrameForAll, issueSdJwtVc, type IssueSdJwtVcOptions } from './issue-sd-jwt-vc.js';
import { parseSdJwt } from './parse-sd-jwt.js';
import { createTestKeyPair, createTestSigner, type TestKeyPair } from './testing/test-keys.js';
import { verifySdJwtVc } from './verify-sd-jwt-vc.js';

const NOW = 1_750_000_000;
const claims = {
  given_name: 'Astrid',
  personal_identity_number: '199001012384',
  address: { street_address: 'Storgatan 1', locality: 'Umeå' },
  nationalities: ['SE'],
};

let issuer: TestKeyPair;
let holder: TestKeyPair;

beforeAll(async () => {
  issuer = await createTestKeyPair();
  holder = await createTestKeyPair();
});

function options(overrides: Partial<IssueSdJwtVcOptions> = {}): IssueSdJwtVcOptions {
  return {
    issuer: 'https://issuer.example/skatteverket',
    vct: 'urn:min-profil:folkbokforingsadress:1',
    claims,
    disclosureFrame: createDisclosureFrameForAll(claims),
    holderJwk: { ...holder.publicJwk, d: 'must-not-leak' },
    status: { idx: 7, uri: 'https://issuer.example/skatteverket/status/3' },
    issuedAt: NOW,
    expiresAt: NOW + 86400,
    notBefore: NOW,
    signer: createTestSigner(issuer, 'skv-2025'),
    ...overrides,
  };
}

describe('issueSdJwtVc', () => {
  it('signs a dc+sd-jwt with the issuer kid and the registered claims in plain', async () => {
    const { header, payload, disclosures } = parseSdJwt({ compact: await issueSdJwtVc(options()) });
    expect(header).toEqual({ alg: 'ES256', typ: 'dc+sd-jwt', kid: 'skv-2025' });
    expect(payload).toMatchObject({
      iss: 'https://issuer.example/skatteverket',
      iat: NOW,
      nbf: NOW,
      exp: NOW + 86400,
      vct: 'urn:min-profil:folkbokforingsadress:1',
      status: { status_list: { idx: 7, uri: 'https://issuer.example/skatteverket/status/3' } },
      _sd_alg: 'sha-256',
    });
    // A private key member handed in by mistake never reaches the credential.
    expect(payload.cnf).toEqual({ jwk: holder.publicJwk });
    // Every personal claim is disclosable, the address parts one by one.
    expect(payload).not.toHaveProperty('given_name');
    expect(disclosures.map((d) => d.key).sort()).toEqual(
      [
        'address',
        'given_name',
        'locality',
        'nationalities',
        'personal_identity_number',
        'street_address',
      ].sort(),
    );
  });

  it('uses a fresh 128-bit salt for every disclosure', async () => {
    const { disclosures } = parseSdJwt({ compact: await issueSdJwtVc(options()) });
    const salts = disclosures.map((d) => d.salt);
    expect(new Set(salts).size).toBe(salts.length);
    for (const salt of salts) expect(Buffer.from(salt, 'base64url')).toHaveLength(16);
  });

  it('sorts the digests so their order does not give the claims away', async () => {
    const { payload } = parseSdJwt({ compact: await issueSdJwtVc(options()) });
    const digests = payload._sd as string[];
    expect(digests).toEqual([...digests].sort());
  });

  it('adds decoy digests when the frame asks for them, and they verify as nothing', async () => {
    const compact = await issueSdJwtVc(options({ disclosureFrame: { _sd: ['given_name'], _sd_decoy: 3 } }));
    expect(parseSdJwt({ compact }).payload._sd).toHaveLength(4);
    const verified = await verifySdJwtVc({
      compact,
      resolveIssuerKey: async () => issuer.publicKey,
      now: NOW,
    });
    expect(verified.claims.given_name).toBe('Astrid');
  });

  it('refuses registered claims inside claims and SD-JWT reserved names anywhere', async () => {
    await expect(issueSdJwtVc(options({ claims: { ...claims, vct: 'x' } }))).rejects.toMatchObject({
      code: 'invalid_claims',
    });
    await expect(
      issueSdJwtVc(options({ claims: { note: { _sd: ['x'] } }, disclosureFrame: {} })),
    ).rejects.toMatchObject({ code: 'invalid_claims' });
  });

  it('produces a credential the verifier accepts as issued', async () => {
    const compact = await issueSdJwtVc(options());
    expect(compact.endsWith('~')).toBe(true);
    const verified = await verifySdJwtVc({
      compact,
      resolveIssuerKey: async () => issuer.publicKey,
      now: NOW,
    });
    expect(verified.claims).toMatchObject(claims);
  });
});

describe('createDisclosureFrameForAll', () => {
  it('makes every claim and nested property disclosable but never the registered ones', () => {
    expect(
      createDisclosureFrameForAll({ ...claims, iss: 'x', cnf: {} }, { exclude: ['nationalities'] }),
    ).toEqual({
      _sd: ['given_name', 'personal_identity_number', 'address'],
      address: { _sd: ['street_address', 'locality'] },
    });
    expect(createDisclosureFrameForAll(claims, { nested: false })).toEqual({
      _sd: ['given_name', 'personal_identity_number', 'address', 'nationalities'],
    });
  });
});
