import { Oauth2ClientErrorResponseError, Oauth2ServerErrorResponseError } from '@openid4vc/oauth2';
import { Openid4vciRetrieveCredentialsError } from '@openid4vc/openid4vci';
import { OAuthError } from '@min-profil/shared/errors';
import { FetchFailure } from '../http/safe-fetch.js';

/** A safe, short rendering of a code another party sent (never echoed raw). */
function cleanCode(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[^a-z0-9_.-]/gi, '').slice(0, 60) : 'unknown';
}

/**
 * Turns a failure while talking to an issuer into one clear wallet error: the issuer refused
 * (its error code is named), could not be reached or timed out, or answered something that
 * is not OID4VCI. Nothing is stored when this is thrown.
 */
export function toIssuerError(error: unknown, step: string): OAuthError {
  if (error instanceof OAuthError) return error;
  // The libraries wrap fetch failures; the wallet's own reason is in the cause chain.
  for (
    let cause: unknown = error, depth = 0;
    cause instanceof Error && depth < 5;
    cause = cause.cause, depth++
  ) {
    if (cause instanceof FetchFailure || cause instanceof OAuthError) {
      error = cause;
      break;
    }
  }
  // Our own refusal inside a library callback (e.g. signed issuer metadata).
  if (error instanceof OAuthError) return error;
  if (error instanceof FetchFailure) {
    if (error.reason === 'url') return new OAuthError('invalid_request', error.message);
    return new OAuthError('temporarily_unavailable', `${step}: ${error.message}`, { status: 502 });
  }
  if (error instanceof Oauth2ClientErrorResponseError) {
    const code = cleanCode(error.errorResponse.error);
    // A wrong tx_code or a used/expired offer: the person can act on it.
    if (code === 'invalid_grant') {
      return new OAuthError(
        'invalid_grant',
        `${step}: the issuer refused the code (wrong or expired tx_code, or the offer was already used)`,
        {
          extra: { issuer_error: code },
        },
      );
    }
    return new OAuthError('access_denied', `${step}: the issuer answered ${code}`, {
      status: 502,
      extra: { issuer_error: code },
    });
  }
  if (error instanceof Openid4vciRetrieveCredentialsError) {
    const body = error.response.credentialErrorResponseResult;
    const code = body?.success ? cleanCode(body.data.error) : `HTTP ${error.response.response.status}`;
    return new OAuthError('access_denied', `${step}: the issuer answered ${code}`, {
      status: 502,
      extra: { issuer_error: code },
    });
  }
  if (error instanceof Oauth2ServerErrorResponseError) {
    return new OAuthError(
      'invalid_request',
      `${step}: ${error.errorResponse.error_description ?? cleanCode(error.errorResponse.error)}`,
    );
  }
  // Never the library's message: it can quote the issuer's answer, claims included.
  const name = (error as Error)?.name ?? 'Error';
  return new OAuthError(
    'temporarily_unavailable',
    `${step}: the issuer's answer could not be used (${name})`,
    {
      status: 502,
      cause: error,
    },
  );
}
