import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload, type CryptoKey } from 'jose';
import { createEidClient, type EidClient, type EidSignInRequest } from './eid-client.js';
import { swedishClaims } from './swedish-identity.js';

/**
 * A provider that answers the token request with whatever ID token the test makes, signed with
 * its published key unless the test says otherwise: the tampered and foreign tokens the test
 * eID provider never issues. The callback is made by hand; there is no authorization page.
 */
async function startScriptedProvider() {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  let idToken: () => Promise<string> = async () => 'not-set';
  let tokenEndpoint = '';
  const server: Server = createServer((req, res) => {
    const json = (body: unknown) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
    if (req.url === '/.well-known/openid-configuration') {
      json({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: tokenEndpoint || `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        id_token_signing_alg_values_supported: ['ES256'],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
      });
    } else if (req.url === '/jwks') {
      json({ keys: [jwk] });
    } else if (req.url === '/token' && req.method === 'POST') {
      req.resume();
      req.on('end', () => {
        void idToken().then((token) =>
          json({ access_token: 'at', token_type: 'Bearer', expires_in: 60, id_token: token }),
        );
      });
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    privateKey,
    /** What the token endpoint answers next. */
    answerWith(make: () => Promise<string>) {
      idToken = make;
    },
    /** Announce the token endpoint somewhere else (for a client that discovers afresh). */
    moveTokenEndpoint(url: string) {
      tokenEndpoint = url;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const clientId = 'min-profil-wallet';
const redirectUri = 'http://127.0.0.1:9/auth/callback';

describe('the eID client (openid-client) refuses ID tokens that are not for this sign-in', () => {
  let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
  let rp: EidClient;

  beforeAll(async () => {
    provider = await startScriptedProvider();
    rp = createEidClient({ settings: { issuer: provider.issuer, clientId }, service: 'test' });
  });
  afterAll(async () => {
    await provider?.close();
  });

  function sign(claims: JWTPayload, key: CryptoKey = provider.privateKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: provider.issuer,
      aud: clientId,
      sub: 'opaque-subject',
      iat: now,
      exp: now + 300,
      [swedishClaims.personalIdentityNumber]: '191212121212',
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(key);
  }

  /** Starts a sign-in, lets the provider answer with `idToken(request)`, and completes it. */
  async function signInWith(idToken: (request: EidSignInRequest) => Promise<string>) {
    const request = await rp.startSignIn({ redirectUri });
    provider.answerWith(() => idToken(request));
    const callback = new URL(redirectUri);
    callback.search = new URLSearchParams({
      code: 'c',
      state: request.state,
      iss: provider.issuer,
    }).toString();
    return rp.completeSignIn({ redirectUri, callbackUrl: callback.href, expected: request });
  }

  it('asks for a code with PKCE S256, a fresh state and nonce, openid first, in Swedish', async () => {
    const request = await rp.startSignIn({ redirectUri, extra: { prompt: 'login', state: 'chosen' } });
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: clientId,
      response_type: 'code',
      ui_locales: 'sv en',
      prompt: 'login',
      redirect_uri: redirectUri,
      scope: 'openid https://id.oidc.se/scope/naturalPersonNumber https://id.oidc.se/scope/naturalPersonInfo',
      // The client's own values, whatever `extra` says: the callback is checked against them.
      state: request.state,
      nonce: request.nonce,
      code_challenge: createHash('sha256').update(request.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    expect(request.codeVerifier).toMatch(/^[\w-]{43}$/);
    expect(new Set([request.state, request.nonce, request.codeVerifier]).size).toBe(3);
  });

  it('accepts a token signed by the provider for this client and sign-in', async () => {
    const result = await signInWith((request) => sign({ nonce: request.nonce }));
    expect(result.identity).toEqual({ identityNumber: '191212121212', kind: 'personal_identity_number' });
  });

  it('refuses a token whose nonce belongs to another sign-in', async () => {
    await expect(signInWith(() => sign({ nonce: 'nonce-of-another-sign-in' }))).rejects.toMatchObject({
      reason: 'id_token_invalid',
      code: 'access_denied',
      message: 'the ID token is not valid: unexpected ID Token "nonce" claim value',
    });
  });

  it('refuses a token issued by another provider', async () => {
    await expect(
      signInWith((request) => sign({ nonce: request.nonce, iss: 'https://other-eid.example' })),
    ).rejects.toMatchObject({
      reason: 'id_token_invalid',
      message: expect.stringMatching(
        /^the ID token is not valid: unexpected JWT "iss" \(issuer\) claim value/,
      ),
    });
  });

  it('refuses a token meant for another client', async () => {
    await expect(
      signInWith((request) => sign({ nonce: request.nonce, aud: 'another-client' })),
    ).rejects.toMatchObject({
      reason: 'id_token_invalid',
      message: expect.stringMatching(/"aud" \(audience\)/),
    });
  });

  it('refuses an expired token', async () => {
    await expect(
      signInWith((request) => sign({ nonce: request.nonce, exp: Math.floor(Date.now() / 1000) - 3600 })),
    ).rejects.toMatchObject({ reason: 'id_token_invalid', message: expect.stringMatching(/"exp"/) });
  });

  it('refuses a token whose claims were changed after signing (the signature is checked)', async () => {
    const tampered = async (request: EidSignInRequest) => {
      const [header, payload, signature] = (await sign({ nonce: request.nonce })).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as JWTPayload;
      claims[swedishClaims.personalIdentityNumber] = '197011082232';
      return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    };
    await expect(signInWith(tampered)).rejects.toMatchObject({
      reason: 'id_token_invalid',
      message: 'the ID token is not valid: JWT signature verification failed',
    });
  });

  it('refuses a token signed with a key the provider does not publish', async () => {
    const foreign = await generateKeyPair('ES256');
    await expect(
      signInWith((request) => sign({ nonce: request.nonce }, foreign.privateKey)),
    ).rejects.toMatchObject({ reason: 'id_token_invalid' });
  });
});

describe('the eID client fetches under the outbound policy', () => {
  it('refuses a token endpoint on an internal address the policy does not admit', async () => {
    const provider = await startScriptedProvider();
    try {
      // Only the configured provider's own origin is admitted on loopback; `localhost` is not it.
      provider.moveTokenEndpoint(`${provider.issuer.replace('127.0.0.1', 'localhost')}/token`);
      const rp = createEidClient({ settings: { issuer: provider.issuer, clientId }, service: 'test' });
      const request = await rp.startSignIn({ redirectUri });
      const callback = `${redirectUri}?code=c&state=${request.state}&iss=${encodeURIComponent(provider.issuer)}`;
      await expect(
        rp.completeSignIn({ redirectUri, callbackUrl: callback, expected: request }),
      ).rejects.toMatchObject({
        reason: 'token_request_failed',
        code: 'temporarily_unavailable',
        message: expect.stringMatching(/is an internal address, which is not fetched from$/),
      });
    } finally {
      await provider.close();
    }
  });

  it('says when eID is not configured on the service', async () => {
    const rp = createEidClient({ settings: undefined, service: 'wallet' });
    await expect(rp.startSignIn({ redirectUri })).rejects.toMatchObject({
      code: 'temporarily_unavailable',
      message: 'sign-in with eID is not configured on this wallet',
    });
  });
});
