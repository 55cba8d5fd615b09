/**
 * The one error type of the SD-JWT code. `code` is stable and meant for programs (the verifier maps
 * it to an OpenID4VP error, the wallet to a message); `message` is for people and logs. Never work
 * out a code from the message.
 */
export type SdJwtErrorCode =
  // structure and limits
  | 'malformed'
  | 'too_large'
  | 'unsupported_typ'
  | 'unsupported_alg'
  | 'unsupported_sd_alg'
  | 'missing_claim'
  | 'invalid_claims'
  // issuer signature and validity period
  | 'issuer_key_unresolved'
  | 'invalid_signature'
  | 'expired'
  | 'not_yet_valid'
  // disclosures (RFC 9901 §7.1)
  | 'duplicate_disclosure'
  | 'duplicate_digest'
  | 'disclosure_not_referenced'
  | 'reserved_claim_name'
  | 'claim_name_conflict'
  // key binding (RFC 9901 §4.3, §7.3)
  | 'kb_jwt_missing'
  | 'kb_jwt_malformed'
  | 'kb_jwt_invalid_signature'
  | 'kb_jwt_nonce_mismatch'
  | 'kb_jwt_aud_mismatch'
  | 'kb_jwt_stale'
  | 'kb_jwt_issued_in_future'
  | 'sd_hash_mismatch'
  | 'cnf_missing'
  | 'transaction_data_mismatch';

export class SdJwtError extends Error {
  readonly code: SdJwtErrorCode;

  constructor(code: SdJwtErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SdJwtError';
    this.code = code;
  }
}

export function isSdJwtError(error: unknown, code?: SdJwtErrorCode): error is SdJwtError {
  return error instanceof SdJwtError && (code === undefined || error.code === code);
}
