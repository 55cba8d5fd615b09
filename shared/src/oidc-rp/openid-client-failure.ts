import { ClientError, ResponseBodyError, AuthorizationResponseError } from 'openid-client';
import { FetchFailure } from '../net/outbound-fetch.js';
import { OidcRpError, sanitizeErrorCode } from './oidc-rp-error.js';

/** Codes openid-client gives a token response that is not an OAuth answer at all. */
const unusableTokenResponse = new Set([
  'OAUTH_RESPONSE_IS_NOT_JSON',
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_PARSE_ERROR',
  'OAUTH_TIMEOUT',
  'OAUTH_ABORT',
]);

/** The outbound policy's failure (refused URL or address, timeout, size), if that was the cause. */
function fetchFailureIn(error: unknown): FetchFailure | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 6; depth++) {
    if (cause instanceof FetchFailure) return cause;
    cause = cause.cause;
  }
  return undefined;
}

/** openid-client's own wording of a failed check (the inner error's, which names the claim). */
function libraryMessage(error: unknown): string {
  const inner = error instanceof ClientError && error.cause instanceof Error ? error.cause : error;
  return inner instanceof Error ? inner.message : 'unknown error';
}

/** A failed discovery (OIDC Discovery 1.0 §4) as our error. */
export function discoveryFailure(error: unknown, issuer: string): OidcRpError {
  const fetchFailure = fetchFailureIn(error);
  const why = fetchFailure ? fetchFailure.message : libraryMessage(error);
  return new OidcRpError('discovery_failed', `the OpenID provider at ${issuer} could not be used: ${why}`, {
    cause: error,
  });
}

/**
 * A failed authorization code grant from openid-client as our error with a stable `reason`:
 * the callback (state, iss, error), the token endpoint, or the ID token's validation.
 */
export function signInFailure(error: unknown): OidcRpError {
  if (error instanceof AuthorizationResponseError) {
    const code = sanitizeErrorCode(error.error);
    return new OidcRpError('authorization_error', `the OpenID provider answered ${code}`, {
      providerError: code,
      cause: error,
    });
  }
  if (error instanceof ResponseBodyError) {
    const code = sanitizeErrorCode(error.error);
    return new OidcRpError(
      'token_request_failed',
      `the token endpoint answered HTTP ${error.status} ${code}`,
      {
        providerError: code,
        cause: error,
        ...(error.status >= 500 ? { code: 'temporarily_unavailable' as const } : {}),
      },
    );
  }
  const fetchFailure = fetchFailureIn(error);
  if (fetchFailure) {
    return new OidcRpError(
      'token_request_failed',
      `the eID provider could not be used: ${fetchFailure.message}`,
      {
        code: 'temporarily_unavailable',
        cause: error,
      },
    );
  }
  const message = libraryMessage(error);
  const inner = error instanceof ClientError ? error.cause : undefined;
  // Checks of the callback's own parameters carry them as the cause (RFC 6749 §10.12, RFC 9207).
  if (
    (inner as { cause?: { parameters?: unknown } } | undefined)?.cause?.parameters instanceof URLSearchParams
  ) {
    if (/"iss"/.test(message)) {
      return new OidcRpError(
        'issuer_mismatch',
        `the callback does not come from the expected provider (${message})`,
        {
          cause: error,
        },
      );
    }
    if (/"state"/.test(message)) {
      return new OidcRpError(
        'state_mismatch',
        `the callback state does not match this sign-in (${message})`,
        {
          cause: error,
        },
      );
    }
    return new OidcRpError(
      'missing_code',
      `the callback is not a valid authorization response (${message})`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof ClientError && unusableTokenResponse.has(error.code ?? '')) {
    return new OidcRpError('token_request_failed', `the token endpoint's answer is not usable (${message})`, {
      code: 'temporarily_unavailable',
      cause: error,
    });
  }
  // Everything else is the token response's ID token failing OIDC Core 1.0 §3.1.3.7.
  return new OidcRpError('id_token_invalid', `the ID token is not valid: ${message}`, { cause: error });
}
