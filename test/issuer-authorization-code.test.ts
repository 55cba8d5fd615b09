import { createHash, randomBytes } from 'node:crypto';
import { verifySdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startTestEid, type TestEid } from '@min-profil/eid/testing/start-test-eid';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  authorizeUrl,
  createHolderKey,
  createProof,
  fetchNonce,
  getJson,
  postForm,
  postJson,
  pushAuthorizationRequest,
} from '../issuer/test/wallet-client.js';

const walletRedirect = 'http://127.0.0.1:9/wallet/callback';
const walletClient = {
  clientId: 'wallet-under-test',
  name: { sv: 'Testplånboken', en: 'The test wallet' },
  redirectUris: [walletRedirect],
  source: 'configuration' as const,
};

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe.each(testDatabaseKinds())('authorization code flow through the test eID on %s', (kind) => {
  let issuer: RunningIssuer;
  let eid: TestEid;
  beforeAll(async () => {
    issuer = await startIssuer(kind, {
      walletClients: [walletClient],
      eid: async (baseUrl) => {
        eid = await startTestEid({
          kind,
          clients: [
            {
              client_id: 'min-profil-issuer',
              client_secret: 'issuer-secret-for-tests',
              redirect_uris: ['af', 'skatteverket', 'migrationsverket', 'skola'].map(
                (h) => `${baseUrl}/${h}/eid/callback`,
              ),
            },
          ],
        });
        return { issuer: eid.issuer, clientId: 'min-profil-issuer', clientSecret: 'issuer-secret-for-tests' };
      },
    });
  });
  afterAll(async () => {
    await issuer?.stop();
    await eid?.close();
  });

  /**
   * The wallet pushes its request (RFC 9126), sends the person to the holder, the person sees
   * the holder's consent page, signs in with eID, and the wallet gets a code.
   */
  async function authorize(options: {
    holder: string;
    identityNumber: string;
    query: Record<string, string>;
  }) {
    const pushed = await pushAuthorizationRequest(issuer.baseUrl, options.holder, options.query);
    expect(pushed.status).toBe(201);
    let consentPage = '';
    let eidCallback = '';
    const back = await loginWithTestEid({
      authorizationUrl: authorizeUrl(
        issuer.baseUrl,
        options.holder,
        options.query.client_id!,
        pushed.body.request_uri,
      ),
      identityNumber: options.identityNumber,
      onConsentPage: (html) => {
        consentPage = html;
      },
      onHolderCallback: async (url) => {
        eidCallback = url;
      },
    });
    expect(consentPage).toContain('Testplånboken');
    expect(eidCallback.startsWith(`${issuer.baseUrl}/${options.holder}/eid/callback`)).toBe(true);
    return new URL(back);
  }

  it('issues a work permit to a person with a coordination number after eID sign-in', async () => {
    const { verifier, challenge } = pkce();
    const redirect = await authorize({
      holder: 'migrationsverket',
      identityNumber: '199204781539',
      query: {
        response_type: 'code',
        client_id: 'wallet-under-test',
        redirect_uri: walletRedirect,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        authorization_details: JSON.stringify([
          { type: 'openid_credential', credential_configuration_id: 'work_permit' },
        ]),
        state: 'wallet-state-1',
      },
    });
    expect(redirect.origin + redirect.pathname).toBe(walletRedirect);
    expect(redirect.searchParams.get('state')).toBe('wallet-state-1');
    expect(redirect.searchParams.get('iss')).toBe(`${issuer.baseUrl}/migrationsverket`);
    const code = redirect.searchParams.get('code')!;

    const token = await postForm(`${issuer.baseUrl}/migrationsverket/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: walletRedirect,
      code_verifier: verifier,
      client_id: 'wallet-under-test',
    });
    expect(token.status).toBe(200);
    expect(token.body.authorization_details).toEqual([
      {
        type: 'openid_credential',
        credential_configuration_id: 'work_permit',
        credential_identifiers: ['work_permit'],
      },
    ]);

    const nonce = await fetchNonce(issuer.baseUrl, 'migrationsverket');
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/migrationsverket`,
      nonce,
    });
    const credential = await postJson(
      `${issuer.baseUrl}/migrationsverket/credential`,
      { credential_identifier: 'work_permit', proofs: { jwt: [proof] } },
      { authorization: `Bearer ${token.body.access_token}` },
    );
    expect(credential.status).toBe(200);
    const jwks = await getJson(`${issuer.baseUrl}/.well-known/jwt-vc-issuer/migrationsverket`);
    const verified = await verifySdJwtVc({
      compact: credential.body.credentials[0].credential,
      resolveIssuerKey: async () => jwks.body.jwks.keys[0],
    });
    expect(verified.claims).toMatchObject({
      given_name: 'Lucía',
      family_name: 'Fernández',
      employer: 'Uppsala universitet',
    });

    // The code is single use.
    const replay = await postForm(`${issuer.baseUrl}/migrationsverket/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: walletRedirect,
      code_verifier: verifier,
      client_id: 'wallet-under-test',
    });
    expect(replay.body).toEqual({
      error: 'invalid_grant',
      error_description: 'the authorization code has already been used',
    });
  });

  it('refuses a wrong code_verifier and a tampered redirect_uri, leaving the code usable', async () => {
    const { verifier, challenge } = pkce();
    const redirect = await authorize({
      holder: 'af',
      identityNumber: '191212121212',
      query: {
        response_type: 'code',
        client_id: 'wallet-under-test',
        redirect_uri: walletRedirect,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        scope: 'af_registration_certificate',
      },
    });
    const code = redirect.searchParams.get('code')!;
    const token = (extra: Record<string, string>) =>
      postForm(`${issuer.baseUrl}/af/token`, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: walletRedirect,
        code_verifier: verifier,
        client_id: 'wallet-under-test',
        ...extra,
      });
    expect((await token({ code_verifier: pkce().verifier })).body.error_description).toBe(
      'code_verifier does not match the code_challenge',
    );
    expect((await token({ redirect_uri: 'https://evil.example/cb' })).body.error_description).toBe(
      'redirect_uri does not match the authorization request',
    );
    expect((await token({})).status).toBe(200);
  });

  it('refuses PKCE plain (no downgrade) at the PAR endpoint', async () => {
    const response = await pushAuthorizationRequest(issuer.baseUrl, 'af', {
      response_type: 'code',
      client_id: 'wallet-under-test',
      redirect_uri: walletRedirect,
      code_challenge: pkce().challenge,
      code_challenge_method: 'plain',
      scope: 'af_registration_certificate',
      state: 's1',
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      error_description: 'code_challenge_method must be S256',
    });
  });

  it('refuses a token request for a code without the client_id it was issued to', async () => {
    const { verifier, challenge } = pkce();
    const redirect = await authorize({
      holder: 'af',
      identityNumber: '191212121212',
      query: {
        response_type: 'code',
        client_id: 'wallet-under-test',
        redirect_uri: walletRedirect,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        scope: 'af_registration_certificate',
      },
    });
    const form = {
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code')!,
      redirect_uri: walletRedirect,
      code_verifier: verifier,
    };
    expect((await postForm(`${issuer.baseUrl}/af/token`, form)).body.error).toBe('invalid_request');
    expect((await postForm(`${issuer.baseUrl}/af/token`, { ...form, client_id: 'other' })).body).toEqual({
      error: 'invalid_grant',
      error_description: 'the authorization code was issued to another client',
    });
  });
});
