import type { SdJwtErrorCode } from '@min-profil/shared/sd-jwt/sd-jwt-error';
import type { CheckName } from './checks.js';

/** Which named check an `SdJwtError` code fails (the shared SD-JWT code's stable codes). */
export const checkForSdJwtError: Record<SdJwtErrorCode, CheckName> = {
  malformed: 'format',
  too_large: 'format',
  unsupported_typ: 'format',
  unsupported_alg: 'format',
  unsupported_sd_alg: 'format',
  missing_claim: 'format',
  invalid_claims: 'format',
  issuer_key_unresolved: 'issuer_signature',
  invalid_signature: 'issuer_signature',
  expired: 'validity_period',
  not_yet_valid: 'validity_period',
  duplicate_disclosure: 'disclosures',
  duplicate_digest: 'disclosures',
  disclosure_not_referenced: 'disclosures',
  reserved_claim_name: 'disclosures',
  claim_name_conflict: 'disclosures',
  kb_jwt_missing: 'key_binding',
  kb_jwt_malformed: 'key_binding',
  kb_jwt_invalid_signature: 'key_binding',
  kb_jwt_stale: 'key_binding',
  kb_jwt_issued_in_future: 'key_binding',
  cnf_missing: 'key_binding',
  kb_jwt_nonce_mismatch: 'nonce',
  kb_jwt_aud_mismatch: 'audience',
  sd_hash_mismatch: 'sd_hash',
  transaction_data_mismatch: 'transaction_data',
};

/**
 * The checks `verifySdJwtVc` makes in order (RFC 9901 §7.1, §7.3): when one fails, those
 * before it passed. `sd_hash`, `nonce` and `audience` are checked inside key binding.
 */
export const sdJwtCheckOrder: CheckName[] = [
  'format',
  'issuer_signature',
  'validity_period',
  'disclosures',
  'key_binding',
  'sd_hash',
  'nonce',
  'audience',
];
