/**
 * The one error type of the project. Each service throws `OAuthError` with the code the
 * governing spec names (RFC 6749 §5.2, OID4VCI 1.0 §8.3.1, OID4VP 1.0 §8.5); the error
 * middleware turns it into `{ error, error_description }`. Anything else is a `server_error`
 * that is logged and never sent.
 */
export type OAuthErrorCode =
  // RFC 6749 / RFC 6750
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'server_error'
  | 'temporarily_unavailable'
  // RFC 9449 §5, §7.1 (DPoP)
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  // OID4VCI 1.0
  | 'invalid_credential_request'
  | 'unknown_credential_configuration'
  | 'unknown_credential_identifier'
  | 'invalid_proof'
  | 'invalid_nonce'
  | 'invalid_encryption_parameters'
  | 'credential_request_denied'
  | 'issuance_pending'
  | 'expired_transaction_id'
  | 'invalid_transaction_id'
  | 'invalid_notification_id'
  | 'invalid_notification_request'
  // RFC 9396 §5
  | 'invalid_authorization_details'
  // RFC 9101 §6.3 (a request object that is invalid: signature, x5c chain, client identifier)
  | 'invalid_request_object'
  // OpenID Connect Core §3.1.2.6, registered for OAuth by RFC 9101: a request_uri that is
  // unknown, expired or used (RFC 9126 pushed requests)
  | 'invalid_request_uri'
  // OID4VP 1.0 §8.5
  | 'invalid_transaction_data'
  | 'invalid_request_uri_method'
  // docs/standing-permissions.md (update endpoint)
  | 'unknown_standing_permission'
  | 'standing_permission_withdrawn'
  // docs/contact-profile.md (wallet API): sharing without a request needs an identity credential
  | 'identity_credential_required'
  // docs/cases.md (case inbox and the consumer's case API)
  | 'unknown_case'
  | 'case_stopped'
  | 'case_closed'
  | 'case_not_open'
  | 'case_undeliverable'
  | 'invalid_case_event'
  | 'case_event_out_of_order'
  // generic HTTP-level
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests';

export interface OAuthErrorOptions {
  status?: number;
  headers?: Record<string, string>;
  /** Extra members of the error body that the spec defines (e.g. `interval`). */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

const defaultStatus: Partial<Record<OAuthErrorCode, number>> = {
  invalid_client: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  access_denied: 403,
  not_found: 404,
  unknown_standing_permission: 404,
  standing_permission_withdrawn: 410,
  identity_credential_required: 409,
  unknown_case: 404,
  case_stopped: 410,
  case_closed: 409,
  case_not_open: 409,
  case_undeliverable: 409,
  case_event_out_of_order: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  server_error: 500,
  temporarily_unavailable: 503,
};

export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(code: OAuthErrorCode, description: string, options: OAuthErrorOptions = {}) {
    super(description, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OAuthError';
    this.code = code;
    this.status = options.status ?? defaultStatus[code] ?? 400;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { error: this.code, error_description: this.message, ...this.extra };
  }
}

/**
 * RFC 6749 §5.2: `error_description` holds only %x20-21 / %x23-5B / %x5D-7E (printable ASCII
 * without `"` and `\`). Accents are dropped (ö → o, … → ...), quotes become `'`, anything else
 * left outside the set becomes `?`. A service opts in at its error middleware (`errorHandler`).
 */
export function toErrorDescription(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s/g, ' ')
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .replace(/[^\x20-\x7e]/g, '?');
}

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}
