import { readWalletOptions } from '../src/config.js';

/**
 * Issue 25 (docs/passkeys.md): how long the page keeps passkey-unlocked keys unused is the
 * server's `WALLET_KEY_IDLE_SECONDS` (default 900), told to the page in `GET /api/session`
 * (test/wallet-accounts.test.ts shows the answer).
 */
describe('WALLET_KEY_IDLE_SECONDS', () => {
  it('defaults to 15 minutes', () => {
    expect(readWalletOptions({}).settings?.keyIdleSeconds).toBe(900);
  });

  it('is read from the environment', () => {
    expect(readWalletOptions({ WALLET_KEY_IDLE_SECONDS: '120' }).settings?.keyIdleSeconds).toBe(120);
  });
});
