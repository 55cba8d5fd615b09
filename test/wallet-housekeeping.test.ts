import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { purgeExpired } from '../wallet/src/housekeeping.js';
import { startSystem, type RunningSystem } from './system/start-system.js';

async function loginRequests(system: RunningSystem): Promise<number> {
  const row = await system.wallet.ctx.db.dataSource
    .createQueryBuilder()
    .select('COUNT(*)', 'n')
    .from('wallet_login_request', 't')
    .getRawOne<{ n: string | number }>();
  return Number(row!.n);
}

/**
 * Anyone who opens the wallet's `/auth/login` creates a sign-in request row. The wallet's
 * housekeeping job deletes those (and expired sessions and holder authorizations) once they
 * have expired, on its own schedule, so anonymous traffic cannot grow the database without bound.
 */
describe.each(testDatabaseKinds())('wallet housekeeping on %s', (kind) => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem(kind, { walletSettings: { housekeepingIntervalMs: 100 } });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('deletes sign-in requests nobody finished once they expire', async () => {
    const { wallet } = system;
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${wallet.baseUrl}/auth/login`, { redirect: 'manual' });
      expect(response.status).toBe(303);
    }
    expect(await loginRequests(system)).toBe(5);
    const step = wallet.ctx.settings.loginTtl + 1;
    wallet.advanceClock(step);
    try {
      const deadline = Date.now() + 20_000;
      while ((await loginRequests(system)) > 0) {
        if (Date.now() > deadline) throw new Error('the expired sign-in requests were not deleted');
        await new Promise((r) => setTimeout(r, 50));
      }
      // One started now stays.
      expect((await fetch(`${wallet.baseUrl}/auth/login`, { redirect: 'manual' })).status).toBe(303);
      await purgeExpired(wallet.ctx);
      expect(await loginRequests(system)).toBe(1);
    } finally {
      wallet.advanceClock(-step);
    }
  });
});
