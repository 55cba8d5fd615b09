import type { PresentationRequestRow } from '../persistence/entities.js';
import { isPlainErrorResponse } from './read-response-parameters.js';
import {
  checkState,
  describeFailedChecks,
  failedStepOutcome,
  notConsumableError,
  requireTransactionData,
  walletErrorChecks,
} from './response-checks.js';

const row = { state: 's-1', respondedAt: null, expiresAt: 1000 } as unknown as PresentationRequestRow;

describe('the response endpoint’s decisions', () => {
  it('matches state, naming the state check when it does not', () => {
    expect(checkState({ state: 's-1' }, row)).toBe('s-1');
    expect(() => checkState({}, row)).toThrow('state is missing');
    expect(() => checkState({ state: 's-2' }, row)).toThrow('state does not belong to this request');
  });

  it('tells an expired request from one already answered', () => {
    expect(notConsumableError(row, 1000).message).toMatch(/expired/);
    expect(notConsumableError(row, 999).message).toMatch(/already answered/);
    expect(notConsumableError({ ...row, respondedAt: 10 } as PresentationRequestRow, 2000).message).toMatch(
      /already answered/,
    );
  });

  it('turns the wallet’s error into one failed check with its description', () => {
    expect(walletErrorChecks({ error: 'access_denied' })).toEqual([
      { name: 'wallet_response', passed: false, detail: 'access_denied' },
    ]);
    expect(walletErrorChecks({ error: 'access_denied', errorDescription: 'no' })[0]!.detail).toBe(
      'access_denied: no',
    );
  });

  it('takes an unencrypted error response only when it carries no presentation', () => {
    expect(isPlainErrorResponse({ error: 'access_denied', state: 's' })).toBe(true);
    expect(isPlainErrorResponse({ error: 'access_denied', vp_token: '{}' })).toBe(false);
    expect(isPlainErrorResponse({ state: 's' })).toBe(false);
  });

  it('refuses an approval no presentation of which carried the transaction data', () => {
    const passed = { name: 'transaction_data', passed: true };
    expect(requireTransactionData({ verified: true, checks: [passed] })).toEqual({
      verified: true,
      checks: [passed],
    });
    expect(requireTransactionData({ verified: true, checks: [] })).toEqual({
      verified: false,
      checks: [
        { name: 'transaction_data', passed: false, detail: 'no presentation carried the transaction data' },
      ],
    });
    expect(requireTransactionData({ verified: false, checks: [] }).checks).toEqual([]);
  });

  it('records a failed step after what was checked, as server_error', () => {
    const before = [{ name: 'status', passed: true }];
    expect(failedStepOutcome(before, 'the approval could not be recorded', 5)).toEqual({
      status: 'rejected',
      checks: [
        ...before,
        { name: 'verification_error', passed: false, detail: 'the approval could not be recorded' },
      ],
      error: 'server_error',
      errorDescription: 'the approval could not be recorded',
      now: 5,
    });
    expect(describeFailedChecks([...before, { name: 'nonce', passed: false, detail: 'mismatch' }])).toBe(
      'nonce: mismatch',
    );
  });
});
