import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import {
  createEidClient,
  swedishClaims,
  swedishScopes,
  type EidClient,
  type EidProviderMetadata,
  type EidSignInRequest,
} from '@min-profil/shared/oidc-rp/index';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startTestEid, type TestEid } from './testing/start-test-eid.js';

const issuerClient = {
  client_id: 'issuer-af',
  client_secret: 'issuer-secret-for-tests',
  client_name: 'Arbetsförmedlingen',
  redirect_uris: ['http://127.0.0.1:9/eid/callback'],
};
const walletClient = {
  client_id: 'wallet',
  token_endpoint_auth_method: 'none',
  redirect_uris: ['http://127.0.0.1:9/login/callback'],
};
const scopes = [swedishScopes.naturalPersonNumber, swedishScopes.naturalPersonInfo];

describe.each(testDatabaseKinds())('test eID sign-in on %s', (kind) => {
  let eid: TestEid;
  let metadata: EidProviderMetadata;
  const rp = new Map<string, EidClient>();

  beforeAll(async () => {
    eid = await startTestEid({ kind, clients: [issuerClient, walletClient] });
    for (const client of [issuerClient, walletClient] as { client_id: string; client_secret?: string }[]) {
      const settings = { issuer: eid.issuer, clientId: client.client_id, clientSecret: client.client_secret };
      rp.set(client.client_id, createEidClient({ settings, service: 'test' }));
    }
    metadata = await rp.get(walletClient.client_id)!.metadata();
  });
  afterAll(async () => {
    await eid?.close();
  });

  async function signIn(
    identityNumber: string,
    client: { client_id: string; redirect_uris: string[] },
    asked = scopes,
  ) {
    const request = await rp.get(client.client_id)!.startSignIn({
      redirectUri: client.redirect_uris[0]!,
      scopes: asked,
    });
    const callbackUrl = await loginWithTestEid({ authorizationUrl: request.url, identityNumber });
    return { request, callbackUrl };
  }

  function complete(
    client: { client_id: string; redirect_uris: string[] },
    callbackUrl: string,
    expected: Pick<EidSignInRequest, 'state' | 'nonce' | 'codeVerifier'>,
  ) {
    return rp.get(client.client_id)!.completeSignIn({
      redirectUri: client.redirect_uris[0]!,
      callbackUrl,
      expected,
    });
  }

  it('announces the Swedish scopes and claims, PKCE S256 and code flow only', () => {
    expect(metadata.issuer).toBe(eid.issuer);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', ...scopes]));
    expect(metadata.claims_supported).toEqual(
      expect.arrayContaining([
        swedishClaims.personalIdentityNumber,
        swedishClaims.coordinationNumber,
        'birthdate',
      ]),
    );
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.response_types_supported).toEqual(['code']);
  });

  it('signs Tolvan in and puts his personal identity number in the ID token', async () => {
    const { request, callbackUrl } = await signIn('191212121212', issuerClient);
    const result = await complete(issuerClient, callbackUrl, request);
    expect(result.claims[swedishClaims.personalIdentityNumber]).toBe('191212121212');
    expect(result.claims).not.toHaveProperty([swedishClaims.coordinationNumber]);
    expect(result.claims).toMatchObject({
      iss: eid.issuer,
      aud: issuerClient.client_id,
      nonce: request.nonce,
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
      name: 'Tolvan Tolvansson',
      birthdate: '1912-12-12',
    });
    // The subject is opaque: the number is only in its own claim.
    expect(result.claims.sub).not.toContain('1212');
    expect(result.identity).toEqual({
      identityNumber: '191212121212',
      kind: 'personal_identity_number',
      givenName: 'Tolvan',
      familyName: 'Tolvansson',
      name: 'Tolvan Tolvansson',
      birthdate: '1912-12-12',
    });
    expect(decodeJwt(result.idToken)).toEqual(result.claims);
  });

  it('signs Lucía in with her coordination number and no personal identity number', async () => {
    const { request, callbackUrl } = await signIn('19920478-1539', walletClient);
    const result = await complete(walletClient, callbackUrl, request);
    expect(result.claims[swedishClaims.coordinationNumber]).toBe('199204781539');
    expect(result.claims).not.toHaveProperty([swedishClaims.personalIdentityNumber]);
    expect(result.identity).toMatchObject({
      identityNumber: '199204781539',
      kind: 'coordination_number',
      givenName: 'Lucía',
      birthdate: '1992-04-18',
    });
  });

  it('releases only the number, not the names, when only naturalPersonNumber is asked for', async () => {
    const { request, callbackUrl } = await signIn('197011082232', walletClient, [
      swedishScopes.naturalPersonNumber,
    ]);
    const result = await complete(walletClient, callbackUrl, request);
    expect(result.identity).toEqual({ identityNumber: '197011082232', kind: 'personal_identity_number' });
    expect(result.claims).not.toHaveProperty('given_name');
  });

  it('refuses a code redeemed with the wrong code_verifier', async () => {
    const { request, callbackUrl } = await signIn('191212121212', issuerClient);
    const other = await rp.get(issuerClient.client_id)!.startSignIn({
      redirectUri: issuerClient.redirect_uris[0]!,
    });
    await expect(
      complete(issuerClient, callbackUrl, { ...request, codeVerifier: other.codeVerifier }),
    ).rejects.toMatchObject({ reason: 'token_request_failed', providerError: 'invalid_grant', status: 400 });
  });

  it('refuses a code used twice', async () => {
    const { request, callbackUrl } = await signIn('200503152381', walletClient);
    const exchange = () => complete(walletClient, callbackUrl, request);
    await expect(exchange()).resolves.toMatchObject({ identity: { identityNumber: '200503152381' } });
    await expect(exchange()).rejects.toMatchObject({
      reason: 'token_request_failed',
      providerError: 'invalid_grant',
    });
  });

  it('refuses a callback whose state is not the one sent', async () => {
    const { request, callbackUrl } = await signIn('191212121212', walletClient);
    await expect(
      complete(walletClient, callbackUrl, { ...request, state: 'another-state' }),
    ).rejects.toMatchObject({ reason: 'state_mismatch', code: 'invalid_request' });
  });

  it('refuses an ID token whose nonce is not the one of this sign-in', async () => {
    const { request, callbackUrl } = await signIn('191212121212', walletClient);
    await expect(
      complete(walletClient, callbackUrl, { ...request, nonce: 'another-nonce' }),
    ).rejects.toMatchObject({ reason: 'id_token_invalid', code: 'access_denied' });
  });

  it('refuses a callback that names another issuer (RFC 9207)', async () => {
    const { request, callbackUrl } = await signIn('191212121212', walletClient);
    const forged = new URL(callbackUrl);
    expect(forged.searchParams.get('iss')).toBe(eid.issuer);
    forged.searchParams.set('iss', 'https://evil.example');
    await expect(complete(walletClient, forged.href, request)).rejects.toMatchObject({
      reason: 'issuer_mismatch',
    });
  });
});
