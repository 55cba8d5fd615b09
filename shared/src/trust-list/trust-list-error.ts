/**
 * Why a trust list was refused, with a stable code as jose gives its errors (docs/trust-list.md
 * "Refusal rules"). Services turn it into `temporarily_unavailable` when no list is in force.
 */
export type TrustListRefusal =
  | 'unavailable'
  | 'invalid_signature'
  | 'unknown_operator_key'
  | 'invalid_list'
  | 'stale'
  | 'not_yet_valid'
  | 'rollback'
  | 'sequence_reused'
  | 'version_downgrade';

export class TrustListError extends Error {
  constructor(
    readonly code: TrustListRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'TrustListError';
  }
}
