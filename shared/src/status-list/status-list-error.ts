/** The one error type of the status-list code; `code` is stable, `message` is for people. */
export type StatusListErrorCode =
  | 'malformed'
  | 'too_large'
  | 'index_out_of_range'
  | 'unsupported_typ'
  | 'unsupported_alg'
  | 'key_unresolved'
  | 'invalid_signature'
  | 'expired'
  | 'sub_mismatch'
  | 'fetch_failed'
  | 'rollback';

export class StatusListError extends Error {
  readonly code: StatusListErrorCode;

  constructor(code: StatusListErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StatusListError';
    this.code = code;
  }
}
