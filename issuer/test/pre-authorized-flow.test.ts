import { importJWK, jwtVerify, type JWK } from 'jose';
import { verifySdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import {
  createHolderKey,
  createOffer,
  createProof,
  fetchNonce,
  getJson,
  postForm,
  postJson,
  preAuthorizedGrant,
  redeemOffer,
} from './wallet-client.js';

const tolvan = '191212121212';

async function issuerKey(issuer: RunningIssuer, holder: string): Promise<JWK> {
  const metadata = await getJson(`${issuer.baseUrl}/.well-known/jwt-vc-issuer/${holder}`);
  return metadata.body.jwks.keys[0] as JWK;
}

describe.each(testDatabaseKinds())('pre-authorized code flow on %s', (kind) => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer(kind);
  });
  afterAll(async () => {
    await issuer.stop();
  });

  it('puts a tx_code on an offer unless staff ask for none: whoever opens the link cannot redeem it without the code', async () => {
    const { baseUrl, apiKey } = issuer;
    const offer = await createOffer(baseUrl, apiKey, 'af', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['registration_certificate'],
    });
    expect(offer.status).toBe(201);
    expect(offer.body.tx_code).toMatch(/^\d{6}$/);
    expect(offer.body.tx_code_required).toBe(true);
    expect(offer.body.warning).toBeUndefined();

    // Someone else opens the offer link first and tries to take the credential.
    const opened = await getJson(offer.body.credential_offer_uri);
    const grant = opened.body.grants[preAuthorizedGrant];
    expect(grant.tx_code).toMatchObject({ input_mode: 'numeric', length: 6 });
    const redeem = (extra: Record<string, string>) =>
      postForm(`${baseUrl}/af/token`, {
        grant_type: preAuthorizedGrant,
        'pre-authorized_code': grant['pre-authorized_code'],
        ...extra,
      });
    const withoutCode = await redeem({});
    expect(withoutCode.status).toBe(400);
    expect(withoutCode.body).toEqual({
      error: 'invalid_request',
      error_description: 'this offer requires the tx_code shown to the person',
    });
    expect(withoutCode.body.access_token).toBeUndefined();
    // The person, with the code delivered apart from the link, still gets it.
    const withCode = await redeem({ tx_code: offer.body.tx_code });
    expect(withCode.status).toBe(200);
    expect(withCode.body.access_token).toEqual(expect.any(String));

    // An offer without a code must be asked for, and the answer says what that means.
    const bare = await createOffer(baseUrl, apiKey, 'af', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['registration_certificate'],
      tx_code: false,
    });
    expect(bare.status).toBe(201);
    expect(bare.body.tx_code).toBeUndefined();
    expect(bare.body.tx_code_required).toBe(false);
    expect(bare.body.warning).toMatch(/whoever opens this offer first can redeem it/);
    expect(bare.body.credential_offer.grants[preAuthorizedGrant].tx_code).toBeUndefined();
  });

  it('issues a registration certificate bound to the holder key after offer, tx_code, token and nonce', async () => {
    const { baseUrl, apiKey } = issuer;
    const offer = await createOffer(baseUrl, apiKey, 'af', {
      personal_identity_number: '19121212-1212',
      credential_configuration_ids: ['registration_certificate'],
      tx_code: true,
    });
    expect(offer.status).toBe(201);
    expect(offer.body.tx_code).toMatch(/^\d{6}$/);
    expect(offer.body.offer_link).toMatch(/^openid-credential-offer:\/\/\?credential_offer_uri=/);

    // The wallet fetches the offer by reference (OID4VCI 1.0 §4.1.3) and reads the issuer metadata.
    const byReference = await getJson(offer.body.credential_offer_uri);
    expect(byReference.status).toBe(200);
    expect(byReference.body).toEqual(offer.body.credential_offer);
    expect(byReference.body.grants[preAuthorizedGrant].tx_code).toMatchObject({
      input_mode: 'numeric',
      length: 6,
    });
    const metadata = await getJson(`${baseUrl}/.well-known/openid-credential-issuer/af`);
    expect(metadata.body.credential_issuer).toBe(`${baseUrl}/af`);

    const token = await postForm(metadata.body.credential_endpoint.replace('/credential', '/token'), {
      grant_type: preAuthorizedGrant,
      'pre-authorized_code': byReference.body.grants[preAuthorizedGrant]['pre-authorized_code'],
      tx_code: offer.body.tx_code,
    });
    expect(token.status).toBe(200);
    expect(token.body.token_type).toBe('Bearer');
    expect(token.headers.get('cache-control')).toBe('no-store');

    const nonce = await postJson(metadata.body.nonce_endpoint, '');
    expect(nonce.status).toBe(200);
    const holderKey = await createHolderKey();
    const proof = await createProof({ key: holderKey, audience: `${baseUrl}/af`, nonce: nonce.body.c_nonce });
    const credential = await postJson(
      metadata.body.credential_endpoint,
      { credential_configuration_id: 'registration_certificate', proofs: { jwt: [proof] } },
      { authorization: `Bearer ${token.body.access_token}` },
    );
    expect(credential.status).toBe(200);
    expect(credential.body.credentials).toHaveLength(1);
    expect(typeof credential.body.notification_id).toBe('string');

    const key = await issuerKey(issuer, 'af');
    const verified = await verifySdJwtVc({
      compact: credential.body.credentials[0].credential,
      resolveIssuerKey: async () => key,
    });
    expect(verified.iss).toBe(`${baseUrl}/af`);
    expect(verified.vct).toBe(`${baseUrl}/af/vct/registration-certificate`);
    expect(verified.cnf?.jwk).toMatchObject({
      kty: 'EC',
      x: holderKey.publicJwk.x,
      y: holderKey.publicJwk.y,
    });
    expect(verified.claims).toMatchObject({
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
      personal_identity_number: tolvan,
      registered_since: '2026-09-01',
      registration_status: 'Arbetssökande',
      office: 'Arbetsförmedlingen Stockholm City',
    });
    // Every personal claim is selectively disclosable: none is in the signed payload in clear.
    for (const name of [
      'given_name',
      'family_name',
      'personal_identity_number',
      'registered_since',
      'office',
    ]) {
      expect(verified.payload).not.toHaveProperty(name);
    }
    expect(verified.status?.status_list?.uri).toMatch(new RegExp(`^${baseUrl}/af/status-lists/\\d+$`));

    // The wallet reports the credential as accepted.
    const notification = await postJson(
      metadata.body.notification_endpoint,
      { notification_id: credential.body.notification_id, event: 'credential_accepted' },
      { authorization: `Bearer ${token.body.access_token}` },
    );
    expect(notification.status).toBe(204);
  });

  it('issues one credential per proof in a batch, each with its own key and status index', async () => {
    const { accessToken } = await redeemOffer({
      ...issuer,
      holder: 'migrationsverket',
      pnr: '198806244417',
      configurationIds: ['residence_permit', 'work_permit'],
    });
    const nonce = await fetchNonce(issuer.baseUrl, 'migrationsverket');
    const keys = await Promise.all([createHolderKey(), createHolderKey(), createHolderKey()]);
    const proofs = await Promise.all(
      keys.map((key) => createProof({ key, audience: `${issuer.baseUrl}/migrationsverket`, nonce })),
    );
    const response = await postJson(
      `${issuer.baseUrl}/migrationsverket/credential`,
      { credential_configuration_id: 'work_permit', proofs: { jwt: proofs } },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(response.status).toBe(200);
    expect(response.body.credentials).toHaveLength(3);
    const key = await issuerKey(issuer, 'migrationsverket');
    const verified = await Promise.all(
      response.body.credentials.map((c: { credential: string }) =>
        verifySdJwtVc({ compact: c.credential, resolveIssuerKey: async () => key }),
      ),
    );
    expect(new Set(verified.map((v) => v.cnf?.jwk?.x)).size).toBe(3);
    expect(new Set(verified.map((v) => v.status?.status_list?.idx)).size).toBe(3);
    expect(verified[0].claims).toMatchObject({
      employer: 'Malmö stad',
      occupation: 'Undersköterska',
      nationalities: ['SY'],
    });

    // The same token also covers the other offered type, with a new nonce.
    const nonce2 = await fetchNonce(issuer.baseUrl, 'migrationsverket');
    const residence = await postJson(
      `${issuer.baseUrl}/migrationsverket/credential`,
      {
        credential_configuration_id: 'residence_permit',
        proofs: {
          jwt: [
            await createProof({
              key: keys[0],
              audience: `${issuer.baseUrl}/migrationsverket`,
              nonce: nonce2,
            }),
          ],
        },
      },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(residence.status).toBe(200);
  });

  it('discloses each course of a diploma and each part of an address separately', async () => {
    const diploma = await issueOne('skola', '200503152381', 'upper_secondary_diploma');
    expect(diploma.disclosures.filter((d) => d.key === undefined)).toHaveLength(5); // array elements
    expect(diploma.claims.courses).toHaveLength(5);
    const address = await issueOne('skatteverket', tolvan, 'registered_address');
    expect(address.claims.address).toEqual({
      street_address: 'Storgatan 12',
      postal_code: '111 22',
      locality: 'Stockholm',
      municipality: 'Stockholm',
    });
    const keys = address.disclosures.map((d) => d.key);
    expect(keys).toEqual(
      expect.arrayContaining(['address', 'street_address', 'postal_code', 'locality', 'municipality']),
    );
  });

  it('issues the registration certificate as a W3C VC in JWT form signed by the holder did:web key', async () => {
    const { accessToken } = await redeemOffer({
      ...issuer,
      holder: 'af',
      pnr: tolvan,
      configurationIds: ['registration_certificate_jwt_vc'],
    });
    const holderKey = await createHolderKey();
    const nonce = await fetchNonce(issuer.baseUrl, 'af');
    const response = await postJson(
      `${issuer.baseUrl}/af/credential`,
      {
        credential_configuration_id: 'registration_certificate_jwt_vc',
        proofs: { jwt: [await createProof({ key: holderKey, audience: `${issuer.baseUrl}/af`, nonce })] },
      },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(response.status).toBe(200);
    const jwt = response.body.credentials[0].credential as string;
    const did = await getJson(`${issuer.baseUrl}/af/did.json`);
    const method = did.body.verificationMethod[0];
    const { payload } = await jwtVerify(jwt, await importJWK(method.publicKeyJwk, 'ES256'));
    expect(payload.iss).toBe(did.body.id);
    expect(did.body.id).toMatch(/^did:web:127\.0\.0\.1%3A\d+:af$/);
    const vc = payload.vc as { type: string[]; credentialSubject: Record<string, unknown> };
    expect(vc.type).toEqual(['VerifiableCredential', 'RegistrationCertificate']);
    expect(vc.credentialSubject).toMatchObject({
      given_name: 'Tolvan',
      registration_status: 'Arbetssökande',
    });
    expect(payload.sub).toMatch(/^did:jwk:/);
  });

  it('binds the credential to a holder key named by a did:jwk kid', async () => {
    const { accessToken } = await redeemOffer({
      ...issuer,
      holder: 'af',
      pnr: tolvan,
      configurationIds: ['registration_certificate'],
    });
    const key = await createHolderKey();
    const kid = `did:jwk:${Buffer.from(JSON.stringify(key.publicJwk)).toString('base64url')}#0`;
    const proof = await createProof({
      key,
      audience: `${issuer.baseUrl}/af`,
      nonce: await fetchNonce(issuer.baseUrl, 'af'),
      header: { jwk: undefined, kid },
    });
    const response = await postJson(
      `${issuer.baseUrl}/af/credential`,
      { credential_configuration_id: 'registration_certificate', proofs: { jwt: [proof] } },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(response.status).toBe(200);
    const issuerJwk = await issuerKey(issuer, 'af');
    const verified = await verifySdJwtVc({
      compact: response.body.credentials[0].credential,
      resolveIssuerKey: async () => issuerJwk,
    });
    expect(verified.cnf?.jwk).toMatchObject({ x: key.publicJwk.x, y: key.publicJwk.y });
  });

  async function issueOne(holder: string, pnr: string, configurationId: string) {
    const { accessToken } = await redeemOffer({
      ...issuer,
      holder,
      pnr,
      configurationIds: [configurationId],
    });
    const nonce = await fetchNonce(issuer.baseUrl, holder);
    const key = await createHolderKey();
    const response = await postJson(
      `${issuer.baseUrl}/${holder}/credential`,
      {
        credential_configuration_id: configurationId,
        proofs: { jwt: [await createProof({ key, audience: `${issuer.baseUrl}/${holder}`, nonce })] },
      },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(response.status).toBe(200);
    const issuerJwk = await issuerKey(issuer, holder);
    return verifySdJwtVc({
      compact: response.body.credentials[0].credential,
      resolveIssuerKey: async () => issuerJwk,
    });
  }
});
