import { timingSafeEqual } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { OidcRpError, sanitizeErrorCode } from './oidc-rp-error.js';
import { requestTokens, type TokenEndpointAuthMethod } from './request-tokens.js';
import { readSwedishIdentity, type SwedishIdentity } from './swedish-identity.js';
import { verifyIdToken } from './verify-id-token.js';
import type { OidcProviderMetadata } from './z-provider-metadata.js';

export interface ExchangeAuthorizationCodeOptions {
  metadata: OidcProviderMetadata;
  clientId: string;
  clientSecret?: string;
  /** Default: `client_secret_basic` with a secret, `none` without. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  redirectUri: string;
  /**
   * Where the browser came back: the full URL, the path and query (`req.originalUrl`), or the
   * query parameters themselves.
   */
  callbackUrl: string | URL | URLSearchParams | Record<string, unknown>;
  expectedState: string;
  expectedNonce: string;
  codeVerifier: string;
  /** Seconds of clock skew allowed on `exp`/`iat`; 30 by default. */
  clockToleranceSeconds?: number;
}

export interface AuthorizationCodeResult {
  idToken: string;
  /** The verified ID token's claims. */
  claims: JWTPayload;
  identity: SwedishIdentity;
  accessToken: string;
}

/**
 * Completes an authorization code sign-in (OIDC Core 1.0 §3.1.2.5 – §3.1.3.7): checks the
 * callback, redeems the code with its PKCE verifier, verifies the ID token and reads the
 * Swedish identity from it. Throws `OidcRpError` with a stable `reason`.
 */
export async function exchangeAuthorizationCode(
  options: ExchangeAuthorizationCodeOptions,
): Promise<AuthorizationCodeResult> {
  const params = readCallbackParams(options.callbackUrl);
  const { metadata } = options;

  // RFC 6749 §10.12: the state ties the callback to the browser session that started it.
  const state = params.get('state');
  if (state === null || !equalStrings(state, options.expectedState)) {
    throw new OidcRpError('state_mismatch', 'the callback state does not match this sign-in');
  }
  // RFC 9207 §2.4: the iss parameter, when present or promised, names the provider.
  const iss = params.get('iss');
  if (
    iss !== null ? iss !== metadata.issuer : metadata.authorization_response_iss_parameter_supported === true
  ) {
    throw new OidcRpError('issuer_mismatch', 'the callback does not come from the expected provider');
  }
  const error = params.get('error');
  if (error !== null) {
    const code = sanitizeErrorCode(error);
    throw new OidcRpError('authorization_error', `the OpenID provider answered ${code}`, {
      providerError: code,
    });
  }
  const code = params.get('code');
  if (!code) throw new OidcRpError('missing_code', 'the callback carries no authorization code');

  const tokens = await requestTokens({
    metadata,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    authMethod: options.tokenEndpointAuthMethod ?? (options.clientSecret ? 'client_secret_basic' : 'none'),
    body: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
      code_verifier: options.codeVerifier,
    },
  });
  const claims = await verifyIdToken({
    metadata,
    idToken: tokens.id_token,
    clientId: options.clientId,
    expectedNonce: options.expectedNonce,
    clockToleranceSeconds: options.clockToleranceSeconds ?? 30,
  });
  return {
    idToken: tokens.id_token,
    claims,
    identity: readSwedishIdentity(claims),
    accessToken: tokens.access_token,
  };
}

function readCallbackParams(input: ExchangeAuthorizationCodeOptions['callbackUrl']): URLSearchParams {
  if (input instanceof URLSearchParams) return input;
  if (input instanceof URL) return input.searchParams;
  if (typeof input === 'string') {
    if (input.startsWith('?')) return new URLSearchParams(input);
    return new URL(input, 'http://callback.invalid').searchParams;
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(input)) {
    if (typeof value === 'string') params.set(name, value);
  }
  return params;
}

function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
