import { OAuthError, type OAuthErrorCode } from '../errors.js';

/**
 * Why a sign-in through an OpenID provider failed, as a stable code (in the manner of jose's
 * error codes). An `OidcRpError` is an `OAuthError`, so a service's error middleware answers
 * it with `{ error, error_description }` and the status below; callers branch on `reason`.
 */
export type OidcRpFailure =
  /** The provider's metadata could not be fetched or is not valid (OIDC Discovery 1.0 §4). */
  | 'discovery_failed'
  /** The callback's `state` is not the one this sign-in sent (RFC 6749 §10.12). */
  | 'state_mismatch'
  /** The callback's `iss` is not the provider's issuer (RFC 9207 §2.4). */
  | 'issuer_mismatch'
  /** The provider answered the authorization request with `error` (RFC 6749 §4.1.2.1). */
  | 'authorization_error'
  /** The callback has neither `code` nor `error`. */
  | 'missing_code'
  /** The token endpoint refused the code or could not be reached (RFC 6749 §5.2). */
  | 'token_request_failed'
  /** The ID token failed validation (OIDC Core 1.0 §3.1.3.7). */
  | 'id_token_invalid'
  /** The ID token carries no valid Swedish identity (oidc.se Claims and Scopes §2.1). */
  | 'identity_invalid';

const oauthCodeFor: Record<OidcRpFailure, OAuthErrorCode> = {
  discovery_failed: 'temporarily_unavailable',
  state_mismatch: 'invalid_request',
  issuer_mismatch: 'invalid_request',
  authorization_error: 'access_denied',
  missing_code: 'invalid_request',
  token_request_failed: 'invalid_grant',
  id_token_invalid: 'access_denied',
  identity_invalid: 'access_denied',
};

export interface OidcRpErrorOptions {
  /** The provider's own `error` code, for `authorization_error` and `token_request_failed`. */
  providerError?: string;
  /** Overrides the OAuth code (e.g. `temporarily_unavailable` when the provider is down). */
  code?: OAuthErrorCode;
  cause?: unknown;
}

export class OidcRpError extends OAuthError {
  readonly reason: OidcRpFailure;
  readonly providerError: string | undefined;

  constructor(reason: OidcRpFailure, description: string, options: OidcRpErrorOptions = {}) {
    super(options.code ?? oauthCodeFor[reason], description, { cause: options.cause });
    this.name = 'OidcRpError';
    this.reason = reason;
    this.providerError = options.providerError;
  }
}

export function isOidcRpError(value: unknown): value is OidcRpError {
  return value instanceof OidcRpError;
}

/** An OAuth error code from outside, reduced to its allowed characters (RFC 6749 §5.2). */
export function sanitizeErrorCode(value: unknown): string {
  const text = typeof value === 'string' ? value : 'unknown_error';
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '').slice(0, 64) || 'unknown_error';
}
