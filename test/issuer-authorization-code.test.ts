import { createHash, randomBytes } from 'node:crypto';
import { verifySdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startTestEid, type TestEid } from '@min-profil/eid/testing/start-test-eid';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createHolderKey,
  createProof,
  fetchNonce,
  getJson,
  postForm,
  postJson,
} from '../issuer/test/wallet-client.js';

const walletRedirect = 'http://127.0.0.1:9/wallet/callback';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe.each(testDatabaseKinds())('authorization code flow through the test eID on %s', (kind) => {
  let issuer: RunningIssuer;
  let eid: TestEid;
  beforeAll(async () => {
    issuer = await startIssuer(kind, {
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

  /** The wallet sends the person to the holder, the person signs in with eID, the wallet gets a code. */
  async function authorize(options: {
    holder: string;
    identityNumber: string;
    query: Record<string, string>;
  }) {
    const url = new URL(`${issuer.baseUrl}/${options.holder}/authorize`);
    for (const [k, v] of Object.entries(options.query)) url.searchParams.set(k, v);
    const start = await fetch(url, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const eidUrl = start.headers.get('location')!;
    expect(eidUrl.startsWith(eid.issuer)).toBe(true);
    const callback = await loginWithTestEid({
      authorizationUrl: eidUrl,
      identityNumber: options.identityNumber,
    });
    expect(callback.startsWith(`${issuer.baseUrl}/${options.holder}/eid/callback`)).toBe(true);
    const back = await fetch(callback, { redirect: 'manual' });
    expect(back.status).toBe(303);
    return new URL(back.headers.get('location')!);
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

  it('refuses PKCE plain (no downgrade) by redirecting an error to the wallet', async () => {
    const response = await fetch(
      `${issuer.baseUrl}/af/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: 'w',
        redirect_uri: walletRedirect,
        code_challenge: pkce().challenge,
        code_challenge_method: 'plain',
        scope: 'af_registration_certificate',
        state: 's1',
      })}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('s1');
  });

  it('does not redirect to a script URL', async () => {
    const response = await fetch(
      `${issuer.baseUrl}/af/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: 'w',
        redirect_uri: 'javascript:alert(1)',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
        scope: 'af_registration_certificate',
      })}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });
});
