import * as oidc from 'openid-client';
import { OAuthError } from '../errors.js';
import { createOutboundFetch } from '../net/outbound-fetch.js';
import type { OutboundPolicy } from '../net/outbound-policy.js';
import { OidcRpError } from './oidc-rp-error.js';
import { discoveryFailure, signInFailure } from './openid-client-failure.js';
import { readSwedishIdentity, swedishScopes, type SwedishIdentity } from './swedish-identity.js';

/** Where a service signs people in with eID: the provider and this service's client there. */
export interface EidClientSettings {
  /** The provider's issuer identifier (`EID_BASE_URL`). */
  issuer: string;
  clientId: string;
  /** With a secret the client authenticates with client_secret_basic; without, it is public. */
  clientSecret?: string;
}

export interface CreateEidClientOptions {
  /** Undefined when eID is not configured: every sign-in then fails as temporarily unavailable. */
  settings: EidClientSettings | undefined;
  /** The service signing people in (`issuer`, `wallet`), named when eID is not configured. */
  service: string;
  /**
   * The service's outbound policy. The provider's own origin (from its configuration) is
   * admitted whatever its address, and over http only when it is configured as http.
   */
  outbound?: Partial<Omit<OutboundPolicy, 'allowHttp'>>;
  /** Per request; 10 s by default. */
  timeoutMs?: number;
  /** Seconds of clock skew allowed on the ID token's `exp`/`iat`; 30 by default. */
  clockToleranceSeconds?: number;
}

/** The provider's metadata as discovered (OIDC Discovery 1.0 §3). */
export type EidProviderMetadata = oidc.ServerMetadata;

/** What to keep with the browser's session (server side) until it comes back. */
export interface EidSignInRequest {
  /** Where to send the browser. */
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface StartEidSignInOptions {
  redirectUri: string;
  /** The person's number and names by default; `openid` is always asked for. */
  scopes?: string[];
  /** Further parameters (`prompt`, `login_hint`); `ui_locales` is `sv en` unless given. */
  extra?: Record<string, string>;
}

export interface CompleteEidSignInOptions {
  /** The redirect URI the sign-in was started with (sent again with the code). */
  redirectUri: string;
  /** Where the browser came back: a URL (or path) carrying the provider's query parameters. */
  callbackUrl: string | URL;
  /** What `startSignIn` returned for this browser. */
  expected: Pick<EidSignInRequest, 'state' | 'nonce' | 'codeVerifier'>;
}

export interface EidSignInResult {
  idToken: string;
  /** The verified ID token's claims. */
  claims: oidc.IDToken;
  identity: SwedishIdentity;
  accessToken: string;
}

/** A service as a relying party of the eID provider (OpenID Connect code flow with PKCE). */
export interface EidClient {
  readonly clientId: string;
  /** The provider's metadata, discovered once and kept (again after a failure). */
  metadata(): Promise<EidProviderMetadata>;
  startSignIn(options: StartEidSignInOptions): Promise<EidSignInRequest>;
  /**
   * Checks the callback (state, RFC 9207 iss, error), redeems the code with its PKCE verifier,
   * validates the ID token (signature, iss, aud, azp, exp, iat, nonce) and reads the Swedish
   * identity from it. Throws `OidcRpError` with a stable `reason`.
   */
  completeSignIn(options: CompleteEidSignInOptions): Promise<EidSignInResult>;
}

/**
 * The eID relying party both the issuer and the wallet use, on openid-client. Every request it
 * makes (metadata, token, keys) goes through the service's outbound policy.
 */
export function createEidClient(options: CreateEidClientOptions): EidClient {
  const { settings } = options;
  let discovered: Promise<oidc.Configuration> | undefined;

  function configuration(): Promise<oidc.Configuration> {
    if (!settings) {
      return Promise.reject(
        new OAuthError(
          'temporarily_unavailable',
          `sign-in with eID is not configured on this ${options.service}`,
        ),
      );
    }
    discovered ??= discover(settings, options).catch((error: unknown) => {
      discovered = undefined; // try again on the next sign-in
      throw error;
    });
    return discovered;
  }

  return {
    clientId: settings?.clientId ?? '',
    metadata: async () => (await configuration()).serverMetadata(),

    async startSignIn({ redirectUri, scopes, extra }) {
      const config = await configuration();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const asked = scopes ?? [swedishScopes.naturalPersonNumber, swedishScopes.naturalPersonInfo];
      const url = oidc.buildAuthorizationUrl(config, {
        ui_locales: 'sv en',
        ...extra,
        // After `extra`: these are what the callback is checked against.
        redirect_uri: redirectUri,
        scope: [...new Set(['openid', ...asked])].join(' '),
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    async completeSignIn({ redirectUri, callbackUrl, expected }) {
      const config = await configuration();
      // openid-client sends the callback URL without its query as redirect_uri: ours, not the
      // host this instance was reached on (a load balancer may have rewritten it).
      const current = new URL(redirectUri);
      current.search = new URL(callbackUrl, redirectUri).search;
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, current, {
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          pkceCodeVerifier: expected.codeVerifier,
          idTokenExpected: true,
        });
      } catch (error) {
        throw signInFailure(error);
      }
      const claims = tokens.claims()!;
      return {
        idToken: tokens.id_token!,
        claims,
        identity: readSwedishIdentity(claims),
        accessToken: tokens.access_token,
      };
    },
  };
}

async function discover(
  settings: EidClientSettings,
  options: CreateEidClientOptions,
): Promise<oidc.Configuration> {
  const issuer = new URL(settings.issuer);
  const insecure = issuer.protocol === 'http:';
  const fetch = createOutboundFetch({
    ...options.outbound,
    allowHttp: insecure,
    allowedOrigins: [...(options.outbound?.allowedOrigins ?? []), issuer.origin],
    timeoutMs: options.timeoutMs ?? 10_000,
    // Metadata, keys and token responses are a few KiB.
    maxBytes: 256 * 1024,
    maxRedirects: 0,
  });
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(
      issuer,
      settings.clientId,
      { [oidc.clockTolerance]: options.clockToleranceSeconds ?? 30 },
      settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
      {
        [oidc.customFetch]: fetch,
        // Check the ID token's signature against the provider's keys, not only TLS: the demo
        // runs over http, and a token is evidence of who signed in.
        execute: [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])],
      },
    );
  } catch (error) {
    throw discoveryFailure(error, settings.issuer);
  }
  const metadata = config.serverMetadata();
  // The authorization code flow with PKCE S256 is all this relying party speaks.
  if (!metadata.response_types_supported?.includes('code')) {
    throw new OidcRpError('discovery_failed', 'the OpenID provider does not support response_type=code');
  }
  const pkce = metadata.code_challenge_methods_supported;
  if (pkce !== undefined && !pkce.includes('S256')) {
    throw new OidcRpError('discovery_failed', 'the OpenID provider does not support PKCE with S256');
  }
  return config;
}
