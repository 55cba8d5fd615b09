import { randomBytes } from 'node:crypto';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, signIn } from '../wallet/test/wallet-api.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

/**
 * `/metrics` on the two services test/metrics.test.ts does not scrape (docs/operations.md
 * "Metrics"): the wallet and the eID provider, after a real eID sign-in at the wallet. Each
 * counts its requests under route patterns with `service` set, needs the scrape token, and never
 * names the person.
 */
const tolvan = '191212121212';
const token = randomBytes(24).toString('hex');

async function scrape(url: string, bearer?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(
    `${url}/metrics`,
    bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {},
  );
  return { status: response.status, text: await response.text() };
}

/** Samples of one metric whose labels include all of `labels`. */
function samples(text: string, name: string, labels: Record<string, string>): number[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}

describe.each(testDatabaseKinds())('metrics of the wallet and the eID provider on %s', (kind) => {
  let world: WalletWorld;
  let walletText: string;
  let eidText: string;

  beforeAll(async () => {
    process.env.METRICS_TOKEN = token;
    try {
      world = await startWalletWorld(kind);
    } finally {
      delete process.env.METRICS_TOKEN;
    }
    const person = await signIn(world.wallet.baseUrl, tolvan);
    expect((await api(world.wallet.baseUrl, person, 'GET', '/api/credentials')).status).toBe(200);
    walletText = (await scrape(world.wallet.baseUrl, token)).text;
    eidText = (await scrape(world.eid.issuer, token)).text;
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("counts the wallet's requests per route pattern under service wallet", () => {
    const listed = samples(walletText, 'http_requests_total', {
      service: 'wallet',
      method: 'GET',
      route: '/api/credentials',
      status: '200',
    });
    expect(listed).toEqual([1]);
    expect(
      samples(walletText, 'http_request_duration_seconds_count', { service: 'wallet', method: 'GET' }).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts the eID provider’s requests under service eid', () => {
    const counted = samples(eidText, 'http_requests_total', { service: 'eid' });
    expect(counted.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });

  it('reports the database pool on PostgreSQL only, and never the personal number', () => {
    for (const text of [walletText, eidText]) {
      expect(text).not.toContain(tolvan);
      expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
    const pool = samples(walletText, 'db_pool_connections', { state: 'total' });
    if (kind === 'postgres') expect(pool[0]).toBeGreaterThanOrEqual(1);
    else expect(pool).toEqual([]);
  });

  it('refuses a scrape without the token', async () => {
    for (const url of [world.wallet.baseUrl, world.eid.issuer]) {
      const refused = await scrape(url);
      expect(refused.status).toBe(401);
      expect(refused.text).not.toContain('http_requests_total');
    }
  });
});
