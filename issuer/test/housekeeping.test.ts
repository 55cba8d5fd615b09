import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import { fetchNonce, redeemOffer } from './wallet-client.js';

async function count(issuer: RunningIssuer, table: string): Promise<number> {
  const row = await issuer.ctx.db.dataSource
    .createQueryBuilder()
    .select('COUNT(*)', 'n')
    .from(table, 't')
    .getRawOne<{ n: string | number }>();
  return Number(row!.n);
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Anyone can ask the nonce endpoint for a nonce, and every redeemed offer leaves an access
 * token row (and the offer) holding the person's identity number. The issuer's housekeeping job deletes them
 * once expired, on its own schedule, so anonymous traffic cannot grow the database without
 * bound and identity numbers do not outlive the tokens they were bound to.
 */
describe.each(testDatabaseKinds())('issuer housekeeping on %s', (kind) => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer(kind, { settings: { housekeepingIntervalMs: 100 } });
  });
  afterAll(async () => {
    await issuer?.stop();
  });

  it('deletes expired nonces, access tokens and offers, and keeps live ones', async () => {
    for (let i = 0; i < 5; i++) await fetchNonce(issuer.baseUrl, 'af');
    await redeemOffer({
      baseUrl: issuer.baseUrl,
      apiKey: issuer.apiKey,
      holder: 'af',
      pnr: '191212121212',
      configurationIds: ['registration_certificate'],
    });
    expect(await count(issuer, 'nonce')).toBeGreaterThanOrEqual(5);
    expect(await count(issuer, 'access_token')).toBe(1);
    expect(await count(issuer, 'credential_offer')).toBe(1);

    const { nonceTtl, accessTokenTtl } = issuer.ctx.settings;
    const step = Math.max(nonceTtl, accessTokenTtl) + 1;
    let moved = step;
    issuer.advanceClock(step);
    try {
      await until(
        'the expired rows are deleted',
        async () => (await count(issuer, 'nonce')) === 0 && (await count(issuer, 'access_token')) === 0,
      );
      // A nonce asked for now is still there after the next passes.
      await fetchNonce(issuer.baseUrl, 'af');
      await issuer.ctx.store.purgeExpired(issuer.ctx.now());
      expect(await count(issuer, 'nonce')).toBe(1);
      // The redeemed offer (it holds the identity number too) goes a day after it expired.
      expect(await count(issuer, 'credential_offer')).toBe(1);
      issuer.advanceClock(86_400);
      moved += 86_400;
      await until(
        'the expired offer is deleted',
        async () => (await count(issuer, 'credential_offer')) === 0,
      );
    } finally {
      issuer.advanceClock(-moved);
    }
  });
});
