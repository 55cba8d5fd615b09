import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { createTestKeyPair, createTestSigner } from '@min-profil/shared/sd-jwt/testing/test-keys';
import { selectDisclosures } from './select-disclosures.js';

const disclosurePaths = [
  ['given_name'],
  ['address'],
  ['address', 'locality'],
  ['grades', 0],
  ['grades', 0, 'grade'],
  ['grades', 1],
  ['grades', 1, 'grade'],
];
const sent = (chosen: Array<Array<string | number | null>>) => {
  const disclose = selectDisclosures(disclosurePaths, chosen);
  return disclosurePaths.filter((p) => disclose(p));
};

describe('which disclosures a presentation sends', () => {
  it('sends the disclosure of each chosen claim, and nothing else', () => {
    expect(sent([['given_name']])).toEqual([['given_name']]);
  });

  it('sends everything inside a chosen claim', () => {
    expect(sent([['address']])).toEqual([['address'], ['address', 'locality']]);
  });

  it('follows `null` over every array element', () => {
    expect(sent([['grades', null, 'grade']])).toEqual([
      ['grades', 0, 'grade'],
      ['grades', 1, 'grade'],
    ]);
  });

  it('sends nothing when nothing is chosen', () => {
    expect(sent([])).toEqual([]);
  });

  it('sends the nearest containing disclosure when the chosen claim has none of its own', () => {
    // The issuer made `address` disclosable but not `address.postal_code` inside it.
    expect(sent([['address', 'postal_code']])).toEqual([['address']]);
  });

  it('with a real credential: only the chosen claims can be read from the presentation', async () => {
    const issuer = await createTestKeyPair();
    const compact = await issueSdJwtVc({
      issuer: 'https://issuer.example/skola',
      vct: 'urn:min-profil:betyg:1',
      claims: {
        given_name: 'Astrid',
        family_name: 'Lind',
        address: { street_address: 'Storgatan 1', locality: 'Umeå' },
      },
      // Only `address` as a whole is selectively disclosable, not its members.
      disclosureFrame: { _sd: ['given_name', 'family_name', 'address'] },
      issuedAt: 1_750_000_000,
      signer: createTestSigner(issuer),
    });
    const presentation = await presentSdJwtVc({
      compact,
      disclose: selectDisclosures(
        decodeSdJwtVc(compact).disclosures.map((d) => d.path),
        [['given_name'], ['address', 'locality']],
      ),
    });
    const claims = decodeSdJwtVc(presentation).claims;
    expect(claims.given_name).toBe('Astrid');
    expect(claims.address).toEqual({ street_address: 'Storgatan 1', locality: 'Umeå' });
    expect(claims).not.toHaveProperty('family_name');
  });
});
