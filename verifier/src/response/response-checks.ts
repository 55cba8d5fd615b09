import { OAuthError } from '@min-profil/shared/errors';
import type { CheckResult, PresentationRequestRow } from '../persistence/entities.js';
import type { VpTokenVerification } from '../verification/verify-vp-token.js';
import type { ResponseParameters } from './z-authorization-response.js';

/** The pure decisions of the response endpoint (OpenID4VP 1.0 §8), one function each. */

function stateError(description: string): OAuthError {
  return new OAuthError('invalid_request', description, { extra: { failed_checks: ['state'] } });
}

/** §8.2: the response names the request's `state`; refused before anything is consumed. */
export function checkState(params: ResponseParameters, row: PresentationRequestRow): string {
  if (params.state === undefined) throw stateError('state is missing');
  if (params.state !== row.state) throw stateError('state does not belong to this request');
  return params.state;
}

/** Why the request could not be consumed: it expired unanswered, or it was answered already. */
export function notConsumableError(row: PresentationRequestRow, now: number): OAuthError {
  if (row.respondedAt === null && row.expiresAt <= now)
    return stateError('the presentation request has expired');
  return stateError('the presentation request was already answered (state is single use)');
}

/** §8.5: the wallet declined or failed; the request ends with its reason as the one check. */
export function walletErrorChecks(params: { error: string; errorDescription?: string }): CheckResult[] {
  return [
    {
      name: 'wallet_response',
      passed: false,
      detail: `${params.error}${params.errorDescription ? `: ${params.errorDescription}` : ''}`,
    },
  ];
}

/** §8.4: an approval counts only if some presentation carried its transaction data. */
export function requireTransactionData(result: VpTokenVerification): VpTokenVerification {
  if (!result.verified || result.checks.some((c) => c.name === 'transaction_data' && c.passed)) return result;
  return {
    verified: false,
    checks: [
      ...result.checks,
      { name: 'transaction_data', passed: false, detail: 'no presentation carried the transaction data' },
    ],
  };
}

/** The checks that failed, in the `name: detail; …` form of `error_description`. */
export function describeFailedChecks(checks: CheckResult[]): string {
  return checks
    .filter((c) => !c.passed)
    .map((c) => `${c.name}: ${c.detail}`)
    .join('; ');
}

/**
 * The outcome recorded when a step after consuming the request throws: the request cannot be
 * answered again, so it ends rejected with what was checked so far and the step that failed.
 */
export function failedStepOutcome(checks: CheckResult[], detail: string, now: number) {
  return {
    status: 'rejected' as const,
    checks: [...checks, { name: 'verification_error', passed: false, detail }],
    error: 'server_error',
    errorDescription: detail,
    now,
  };
}
