import { createHash, randomBytes } from 'node:crypto';
import type { OidcProviderMetadata } from './z-provider-metadata.js';

export interface CreateAuthorizationRequestOptions {
  metadata: OidcProviderMetadata;
  clientId: string;
  redirectUri: string;
  /** `openid` is added when missing, e.g. `[swedishScopes.naturalPersonNumber]`. */
  scopes: string[];
  /** Further parameters such as `ui_locales`, `prompt`, `acr_values`, `login_hint`. */
  extra?: Record<string, string>;
}

export interface AuthorizationRequest {
  /** Where to send the browser. */
  url: string;
  /** Keep these three with the browser's session (server side) until the callback. */
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Parameters this module sets itself; `extra` may not override them. */
const reserved = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
]);

/**
 * An authorization code request (OIDC Core 1.0 §3.1.2.1) with PKCE S256 (RFC 7636 §4),
 * a fresh `state` against CSRF and a fresh `nonce` bound into the ID token.
 */
export function createAuthorizationRequest(options: CreateAuthorizationRequestOptions): AuthorizationRequest {
  const state = randomToken();
  const nonce = randomToken();
  const codeVerifier = randomToken();
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  const scopes = options.scopes.includes('openid') ? options.scopes : ['openid', ...options.scopes];

  const url = new URL(options.metadata.authorization_endpoint);
  for (const [name, value] of Object.entries(options.extra ?? {})) {
    if (reserved.has(name)) throw new TypeError(`createAuthorizationRequest sets "${name}" itself`);
    url.searchParams.set(name, value);
  }
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('scope', [...new Set(scopes)].join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.href, state, nonce, codeVerifier };
}

/** 256 random bits, base64url: a valid PKCE code_verifier (43 characters) and a safe state. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
