import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createHolderKey,
  createOffer,
  createProof,
  getJson,
  postForm,
  postJson,
  preAuthorizedGrant,
  pushAuthorizationRequest,
} from '../issuer/test/wallet-client.js';

/** Two issuer instances behind one public URL on one PostgreSQL schema behave as one. */
const onPostgres = testDatabaseKinds().includes('postgres') ? describe : describe.skip;

onPostgres('two issuer instances on one PostgreSQL schema', () => {
  const kind = 'postgres';
  let a: RunningIssuer;
  let b: RunningIssuer;
  beforeAll(async () => {
    const walletClients = [
      {
        clientId: 'wallet-under-test',
        name: { sv: 'Testplånboken', en: 'The test wallet' },
        redirectUris: ['https://wallet.example/oid4vci/callback'],
        source: 'configuration' as const,
      },
    ];
    a = await startIssuer(kind, { walletClients });
    b = await startIssuer(kind, { shareWith: a, walletClients });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('publishes the same keys from both instances', async () => {
    const fromA = await getJson(`${a.instanceUrl}/.well-known/jwt-vc-issuer/af`);
    const fromB = await getJson(`${b.instanceUrl}/.well-known/jwt-vc-issuer/af`);
    expect(fromB.body).toEqual(fromA.body);
  });

  it('lets a pre-authorized code be redeemed once across both instances', async () => {
    const offer = await createOffer(a.instanceUrl, a.apiKey, 'af', {
      personal_identity_number: '191212121212',
      credential_configuration_ids: ['registration_certificate'],
      tx_code: false,
    });
    const code = offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'];
    const results = await Promise.all(
      [a, b, a, b, a, b].map((instance) =>
        postForm(`${instance.instanceUrl}/af/token`, {
          grant_type: preAuthorizedGrant,
          'pre-authorized_code': code,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('opens a request pushed at one instance at either instance, once (RFC 9126 request_uri)', async () => {
    const pushed = await pushAuthorizationRequest(a.instanceUrl, 'af', {
      response_type: 'code',
      client_id: 'wallet-under-test',
      redirect_uri: 'https://wallet.example/oid4vci/callback',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      scope: 'af_registration_certificate',
    });
    expect(pushed.status).toBe(201);
    const query = new URLSearchParams({
      client_id: 'wallet-under-test',
      request_uri: pushed.body.request_uri,
    });
    const statuses = await Promise.all(
      [b, a, b, a].map(
        async (instance) => (await fetch(`${instance.instanceUrl}/af/authorize?${query}`)).status,
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(3);
  });

  it('accepts a nonce from one instance at the other, once', async () => {
    const offer = await createOffer(a.instanceUrl, a.apiKey, 'af', {
      personal_identity_number: '191212121212',
      credential_configuration_ids: ['registration_certificate'],
      tx_code: false,
    });
    const code = offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'];
    const token = await postForm(`${a.instanceUrl}/af/token`, {
      grant_type: preAuthorizedGrant,
      'pre-authorized_code': code,
    });
    const nonce = (await postJson(`${a.instanceUrl}/af/nonce`, '')).body.c_nonce;
    const request = async (instance: RunningIssuer) =>
      postJson(
        `${instance.instanceUrl}/af/credential`,
        {
          credential_configuration_id: 'registration_certificate',
          proofs: {
            jwt: [await createProof({ key: await createHolderKey(), audience: `${a.baseUrl}/af`, nonce })],
          },
        },
        { authorization: `Bearer ${token.body.access_token}` },
      );
    const results = await Promise.all([request(b), request(a), request(b)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    expect(results.filter((r) => r.status === 400).every((r) => r.body.error === 'invalid_nonce')).toBe(true);

    // A revocation through one instance is on the other's status list at once.
    const issued = results.find((r) => r.status === 200)!.body.credentials[0].credential as string;
    const { idx, uri } = JSON.parse(Buffer.from(issued.split('.')[1], 'base64url').toString()).status
      .status_list;
    const listPath = new URL(uri).pathname;
    await fetch(`${b.instanceUrl}${listPath}`); // warm b's cache
    const listed = await getJson(`${a.instanceUrl}/af/admin/credentials`, {
      authorization: `Bearer ${a.apiKey}`,
    });
    const id = listed.body.credentials.find((c: any) => c.status_list.idx === idx).id;
    await postJson(
      `${a.instanceUrl}/af/admin/credentials/${id}/status`,
      { status: 'revoked' },
      { authorization: `Bearer ${a.apiKey}` },
    );
    const { getListFromStatusListJWT } = await import('@sd-jwt/jwt-status-list');
    const jwt = await (await fetch(`${b.instanceUrl}${listPath}`)).text();
    expect(getListFromStatusListJWT(jwt).getStatus(idx)).toBe(1);
  });
});
