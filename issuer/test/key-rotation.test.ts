import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { verifySdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import { createHolderKey, createProof, fetchNonce, getJson, postJson, redeemOffer } from './wallet-client.js';

describe.each(testDatabaseKinds())('issuer key rotation on %s', (kind) => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer(kind);
  });
  afterAll(async () => {
    await issuer.stop();
  });

  async function issue(configurationId = 'registration_certificate'): Promise<string> {
    const { accessToken } = await redeemOffer({
      ...issuer,
      holder: 'af',
      pnr: '191212121212',
      configurationIds: [configurationId],
    });
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/af`,
      nonce: await fetchNonce(issuer.baseUrl, 'af'),
    });
    const response = await postJson(
      `${issuer.baseUrl}/af/credential`,
      { credential_configuration_id: configurationId, proofs: { jwt: [proof] } },
      { authorization: `Bearer ${accessToken}` },
    );
    return response.body.credentials[0].credential as string;
  }

  /** Verifies with nothing but the published JWKS, picking the key by `kid`. */
  async function verifyWithPublishedKeys(credential: string) {
    const { body } = await getJson(`${issuer.baseUrl}/.well-known/jwt-vc-issuer/af`);
    return verifySdJwtVc({
      compact: credential,
      resolveIssuerKey: async ({ header }) => (body.jwks.keys as JWK[]).find((k) => k.kid === header.kid)!,
    });
  }

  it('signs new credentials with the new key while earlier ones still verify', async () => {
    const before = await issue();
    const beforeW3c = await issue('registration_certificate_jwt_vc');
    const rotated = await postJson(
      `${issuer.baseUrl}/af/admin/keys/rotate`,
      {},
      { authorization: `Bearer ${issuer.rotationKeys.af}` },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.kids).toHaveLength(2);
    const after = await issue();

    const oldKid = decodeProtectedHeader(before.split('~')[0]).kid;
    const newKid = decodeProtectedHeader(after.split('~')[0]).kid;
    expect(newKid).toBe(rotated.body.active_kid);
    expect(newKid).not.toBe(oldKid);
    await expect(verifyWithPublishedKeys(before)).resolves.toMatchObject({
      claims: { given_name: 'Tolvan' },
    });
    await expect(verifyWithPublishedKeys(after)).resolves.toMatchObject({ claims: { given_name: 'Tolvan' } });

    // The did:web document lists both keys; the W3C VC signed before the rotation verifies with the old one,
    // and one signed after it with the new one.
    const did = (await getJson(`${issuer.baseUrl}/af/did.json`)).body;
    expect(did.verificationMethod).toHaveLength(2);
    const afterW3c = await issue('registration_certificate_jwt_vc');
    const keyFor = async (jwt: string) => {
      for (const method of did.verificationMethod) {
        try {
          return await jwtVerify(jwt, await importJWK(method.publicKeyJwk, 'ES256'));
        } catch {
          // try the next key
        }
      }
      throw new Error('no published key verifies it');
    };
    await expect(keyFor(beforeW3c)).resolves.toBeDefined();
    const verifiedAfter = await jwtVerify(
      afterW3c,
      await importJWK(
        did.verificationMethod.find((m: any) => m.id.endsWith(`#${newKid}`)).publicKeyJwk,
        'ES256',
      ),
    );
    expect(verifiedAfter.payload.iss).toBe(did.id);

    // Status lists are signed with the active key from now on, and stay readable.
    const { uri, idx } = JSON.parse(Buffer.from(after.split('.')[1], 'base64url').toString()).status
      .status_list;
    const listJwt = await (await fetch(uri)).text();
    expect(getListFromStatusListJWT(listJwt).getStatus(idx)).toBe(0);
  });
});
