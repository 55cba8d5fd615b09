import { decodeSdJwtVc } from './decode-sd-jwt-vc.js';
import { createDisclosureFrameForAll, issueSdJwtVc } from './issue-sd-jwt-vc.js';
import { createDisclosePredicate, presentSdJwtVc } from './present-sd-jwt-vc.js';
import type { ClaimPath } from './resolve-disclosures.js';
import { createTestKeyPair, createTestSigner, type TestKeyPair } from './testing/test-keys.js';
import { verifySdJwtVc } from './verify-sd-jwt-vc.js';

const NOW = 1_750_000_000;
const claims = {
  given_name: 'Astrid',
  address: { street_address: 'Storgatan 1', locality: 'Umeå', postal_code: '90325' },
  grades: [
    { course: 'MATMAT01c', grade: 'A' },
    { course: 'SVESVE01', grade: 'B' },
  ],
};
const frame = {
  ...createDisclosureFrameForAll(claims),
  grades: { _sd: [0, 1], 0: { _sd: ['grade'] }, 1: { _sd: ['grade'] } },
};

let issuer: TestKeyPair;
let issued: string;

beforeAll(async () => {
  issuer = await createTestKeyPair();
  issued = await issueSdJwtVc({
    issuer: 'https://issuer.example/skola',
    vct: 'urn:min-profil:betyg:1',
    claims,
    disclosureFrame: frame,
    issuedAt: NOW,
    signer: createTestSigner(issuer),
  });
});

const verifiedClaims = async (compact: string) =>
  (await verifySdJwtVc({ compact, resolveIssuerKey: async () => issuer.publicKey, now: NOW })).claims;

describe('decodeSdJwtVc', () => {
  it('lists every claim with its path and whether the person may withhold it', () => {
    const { claimList, claims: all } = decodeSdJwtVc(issued);
    expect(all).toMatchObject(claims);
    const listed = Object.fromEntries(claimList.map((c) => [c.path.join('.'), c.selectivelyDisclosable]));
    expect(listed).toMatchObject({
      vct: false,
      given_name: true,
      'address.locality': true,
      'grades.1': true,
      'grades.1.course': false,
      'grades.1.grade': true,
    });
  });
});

describe('presentSdJwtVc', () => {
  it('wallet discloses only the approved claims, with the disclosures they sit in', async () => {
    const asked: ClaimPath[] = [];
    const presented = await presentSdJwtVc({
      compact: issued,
      disclose: (path) => {
        asked.push(path);
        return path.join('.') === 'address.locality' || path.join('.') === 'grades.1.grade';
      },
    });
    expect(asked.map((p) => p.join('.'))).toContain('grades.0.grade');
    const out = await verifiedClaims(presented);
    expect(out).toMatchObject({
      address: { locality: 'Umeå' },
      grades: [{ course: 'SVESVE01', grade: 'B' }],
    });
    expect(out).not.toHaveProperty('given_name');
    expect(out.address).not.toHaveProperty('street_address');
  });

  it('discloses everything under a claim the frame marks true', async () => {
    const presented = await presentSdJwtVc({ compact: issued, disclose: { address: true } });
    expect((await verifiedClaims(presented)).address).toEqual(claims.address);
  });

  it('sends only the issuer-signed JWT when nothing is chosen', async () => {
    const presented = await presentSdJwtVc({ compact: issued, disclose: () => false });
    expect(presented).toBe(`${issued.split('~')[0]}~`);
    expect(await verifiedClaims(presented)).toEqual({
      iss: 'https://issuer.example/skola',
      iat: NOW,
      vct: 'urn:min-profil:betyg:1',
    });
  });

  it('reads presentation frames by path, indices as keys', () => {
    const disclose = createDisclosePredicate({ grades: { 1: { grade: true } }, address: true });
    expect(disclose(['grades', 1, 'grade'])).toBe(true);
    expect(disclose(['grades', 1])).toBe(false);
    expect(disclose(['grades', 0, 'grade'])).toBe(false);
    expect(disclose(['address', 'locality'])).toBe(true);
    expect(disclose(['given_name'])).toBe(false);
  });
});
