import type { CheckResult } from '../persistence/entities.js';

/**
 * Names of the checks the verifier makes; each appears in the result, passed or failed.
 * Response level: `state`, `vp_token`, `query_ids`, `dcql_satisfied`. Per presentation:
 * `format`, `issuer_trusted`, `issuer_authoritative`, `issuer_signature`, `validity_period`,
 * `disclosures`, `key_binding`, `nonce`, `audience`, `sd_hash`, `transaction_data`, `status`,
 * `no_unrequested_claims`, `claims_shape` (the contact profile's claims have the contract's shape),
 * `trusted_authorities` (the credential is from an authority the query names, DCQL §6.1.1).
 * Across presentations, whose data they are (issue #20, check-whose-data.ts): `profile_subject`,
 * `guardian_valid`, `guardian_matches`.
 */
export type CheckName =
  | 'state'
  | 'vp_token'
  | 'query_ids'
  | 'format'
  | 'issuer_trusted'
  | 'issuer_authoritative'
  | 'issuer_signature'
  | 'validity_period'
  | 'disclosures'
  | 'key_binding'
  | 'nonce'
  | 'audience'
  | 'sd_hash'
  | 'transaction_data'
  | 'status'
  | 'no_unrequested_claims'
  | 'claims_shape'
  | 'trusted_authorities'
  | 'dcql_satisfied'
  | 'profile_subject'
  | 'guardian_valid'
  | 'guardian_matches'
  | 'wallet_response'
  | 'verification_error'
  // Representation (representation-checks.ts): a mandate or a company's signatory.
  | 'mandate_valid'
  | 'mandate_scope'
  | 'agent_matches'
  | 'signing_rule'
  | 'company_profile_subject';

/** Thrown by a step whose check failed; carries the check already recorded. */
export class CheckFailed extends Error {
  readonly check: CheckResult;

  constructor(check: CheckResult) {
    super(`${check.name}: ${check.detail ?? 'failed'}`);
    this.name = 'CheckFailed';
    this.check = check;
  }
}

/**
 * Records checks in order into `checks` (which several logs may share); `fail` records and
 * throws, so the first failure ends the steps.
 */
export class CheckLog {
  constructor(
    private readonly scope: { query_id?: string; index?: number } = {},
    readonly checks: CheckResult[] = [],
  ) {}

  pass(name: CheckName, detail?: string): void {
    this.checks.push({ name, passed: true, ...(detail ? { detail } : {}), ...this.scope });
  }

  fail(name: CheckName, detail: string): never {
    const check = { name, passed: false, detail, ...this.scope };
    this.checks.push(check);
    throw new CheckFailed(check);
  }
}
