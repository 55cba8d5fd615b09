import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

/**
 * A person's access token at the wallet is limited per token (`WALLET_TOKEN_RATE_LIMIT`,
 * docs/operations.md "Rate limits"), not per address: a script using one token is cut off at
 * the token's limit, another person's token from the same address is not, and neither uses up
 * the per-address count of callers without a token.
 */
const tolvan = '191212121212';
const perToken = 4;

/** Windows are fixed minutes: start a count with at least 20 s of its minute left. */
async function roomInWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe.each(testDatabaseKinds())("a person's access token at the wallet on %s", (kind) => {
  let world: WalletWorld;
  let first: WalletSession;
  let second: WalletSession;
  const credentials = (session?: WalletSession) =>
    fetch(`${world.wallet.baseUrl}/api/credentials`, session ? { headers: session.headers } : {});

  beforeAll(async () => {
    world = await startWalletWorld(kind, {
      // Room for the sign-ins' own requests per address; the tokens get far less.
      walletSettings: { rateLimitPerMinute: 60, tokenRateLimitPerMinute: perToken },
    });
    first = await tokenSession(world.wallet.baseUrl, tolvan);
    second = await tokenSession(world.wallet.baseUrl, '197011082232');
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('is cut off at its own limit, reported in the RateLimit headers; another token is not', async () => {
    await roomInWindow();
    for (let i = 0; i < perToken; i++) {
      const answer = await credentials(first);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-policy')).toMatch(new RegExp(`q=${perToken}\\b`));
      expect(answer.headers.get('ratelimit')).toMatch(new RegExp(`r=${perToken - 1 - i}\\b`));
    }
    const refused = await credentials(first);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ error: 'too_many_requests' });

    // The other person's token, from the same address, has its own count.
    const other = await credentials(second);
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit')).toMatch(new RegExp(`r=${perToken - 1}\\b`));
    // A caller without a token is counted per address, at the address limit: not refused.
    const anonymous = await credentials();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('ratelimit-policy')).toMatch(/q=60\b/);
  });
});
