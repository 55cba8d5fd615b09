import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createAuthorizationRequest } from './create-authorization-request.js';
import type { OidcProviderMetadata } from './z-provider-metadata.js';

describe('createAuthorizationRequest', () => {
  const metadata = {
    issuer: 'http://127.0.0.1:3003',
    authorization_endpoint: 'http://127.0.0.1:3003/auth',
    token_endpoint: 'http://127.0.0.1:3003/token',
    jwks_uri: 'http://127.0.0.1:3003/jwks',
    response_types_supported: ['code'],
    id_token_signing_alg_values_supported: ['RS256'],
  } satisfies OidcProviderMetadata;

  it('asks for a code with PKCE S256, a fresh state and nonce, and openid first', () => {
    const request = createAuthorizationRequest({
      metadata,
      clientId: 'wallet',
      redirectUri: 'http://127.0.0.1:3000/cb',
      scopes: ['https://id.oidc.se/scope/naturalPersonNumber'],
      extra: { ui_locales: 'sv' },
    });
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe(metadata.authorization_endpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ui_locales: 'sv',
      response_type: 'code',
      client_id: 'wallet',
      redirect_uri: 'http://127.0.0.1:3000/cb',
      scope: 'openid https://id.oidc.se/scope/naturalPersonNumber',
      state: request.state,
      nonce: request.nonce,
      code_challenge: createHash('sha256').update(request.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    expect(request.codeVerifier).toMatch(/^[\w-]{43}$/);
    expect(request.state).not.toBe(request.nonce);
  });

  it('does not let extra parameters replace the ones it sets', () => {
    expect(() =>
      createAuthorizationRequest({
        metadata,
        clientId: 'w',
        redirectUri: 'http://x/cb',
        scopes: [],
        extra: { state: 'x' },
      }),
    ).toThrow('createAuthorizationRequest sets "state" itself');
  });
});
