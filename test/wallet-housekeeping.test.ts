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
 * Anyone who opens the wallet's `/auth/login` creates a sign-in request row, and every verifier
 * link a person opens leaves a request (with any document to approve). The wallet's
 * housekeeping job deletes expired sign-in requests (and sessions and holder authorizations),
 * and unanswered verifier requests a day after they expired, on its own schedule.
 */
describe.each(testDatabaseKinds())('wallet housekeeping on %s', (kind) => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem(kind, { walletSettings: { housekeepingIntervalMs: 100 } });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('deletes verifier requests nobody answered a day after they expired, and keeps answered ones', async () => {
    const { wallet } = system;
    const now = wallet.ctx.now();
    const row = (id: string, answeredAt: number | null) => ({
      id,
      accountId: 'account-1',
      clientId: 'decentralized_identifier:did:web:verifier.example',
      request: {
        payload: { document: 'a copy of the document to approve' },
        client: {
          prefix: 'decentralized_identifier',
          identifier: 'did:web:verifier.example',
          effective: 'decentralized_identifier:did:web:verifier.example',
        },
        verified: true,
        consumerId: null,
        dcql: { credentials: [] },
        responseMode: 'direct_post' as const,
        responseUri: 'https://verifier.example/response',
      },
      createdAt: now,
      expiresAt: now + wallet.ctx.settings.presentationRequestTtl,
      answeredAt,
    });
    await wallet.ctx.store.insertPresentationRequest(row('unanswered', null));
    await wallet.ctx.store.insertPresentationRequest(row('answered', now));
    const left = async () =>
      (
        await wallet.ctx.db.dataSource
          .createQueryBuilder()
          .select('t.id', 'id')
          .from('wallet_presentation_request', 't')
          .getRawMany<{ id: string }>()
      )
        .map((r) => r.id)
        .sort();
    expect(await left()).toEqual(['answered', 'unanswered']);
    const step = wallet.ctx.settings.presentationRequestTtl + 86_400 + 1;
    wallet.advanceClock(step);
    try {
      const deadline = Date.now() + 20_000;
      while ((await left()).length > 1) {
        if (Date.now() > deadline) throw new Error('the unanswered request was not deleted');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await left()).toEqual(['answered']);
    } finally {
      wallet.advanceClock(-step);
    }
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
