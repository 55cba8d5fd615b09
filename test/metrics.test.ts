import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildVerifierApp } from '../verifier/src/app.js';
import {
  answerRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type VerifierWorld,
} from './verifier-helpers.js';

/**
 * Prometheus metrics at `/metrics` (docs/operations.md "Metrics") after a real issuance and
 * presentation: per-route HTTP counts under route patterns only, issuance per holder and
 * configuration, status-list publication, the verifier's named checks, the webhook outbox, the
 * database pool. The endpoint needs the scrape token, and does not exist without one.
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

/** The value of one sample, e.g. `http_requests_total{…}`; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe.each(testDatabaseKinds())('metrics after an issuance and a presentation on %s', (kind) => {
  let world: VerifierWorld;
  let issuerText: string;
  let verifierText: string;

  beforeAll(async () => {
    process.env.METRICS_TOKEN = token;
    try {
      world = await startVerifierWorld(kind);
    } finally {
      delete process.env.METRICS_TOKEN;
    }
    const { issuer, verifier, trustList } = world;
    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const { id } = await answerRequest({
      verifier,
      trustList,
      consumerId: 'insurer',
      body: { template: 'unemployment_claim' },
      credentials: { registration: { credential, holderKey } },
    });
    expect((await readPresentationResult(verifier, 'insurer', id)).body.status).toBe('verified');
    // The webhook worker reports its backlog after each pass (every 100 ms in the tests).
    await verifier.ctx.webhooks.idle();
    issuerText = (await scrape(issuer.instanceUrl, token)).text;
    verifierText = (await scrape(verifier.url, token)).text;
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('counts issuance per holder and configuration, and the status list it published', () => {
    expect(
      sample(issuerText, 'issuer_credentials_issued_total', {
        holder: 'af',
        configuration: 'registration_certificate',
      }),
    ).toBeGreaterThanOrEqual(1);
    // The verifier fetched the status list to check the credential: it was built and signed.
    expect(
      sample(issuerText, 'issuer_status_list_publish_seconds_count', { holder: 'af' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(issuerText, 'issuer_status_list_size_bytes', { holder: 'af' })).toBeGreaterThan(100);
  });

  it('counts requests per route pattern, never a raw path or a personal number', () => {
    expect(
      sample(issuerText, 'http_requests_total', {
        method: 'POST',
        route: '/:holder/credential',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(issuerText, 'http_request_duration_seconds_count', { method: 'POST', route: '/:holder/token' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(verifierText, 'http_requests_total', {
        method: 'POST',
        route: '/openid4vp/responses/:id',
        status: '200',
      }),
    ).toBe(1);
    for (const text of [issuerText, verifierText]) {
      expect(text).not.toContain(tolvan);
      expect(text).not.toMatch(/route="\/af\//);
      expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });

  it("counts each of the verifier's named checks with its result", () => {
    for (const check of ['issuer_trusted', 'issuer_signature', 'key_binding', 'nonce', 'status']) {
      expect(
        sample(verifierText, 'verifier_checks_total', { check, result: 'passed' }),
      ).toBeGreaterThanOrEqual(1);
    }
    expect(verifierText).not.toMatch(/verifier_checks_total\{[^}]*result="failed"/);
  });

  it('reports the webhook outbox backlog and, on PostgreSQL, the database pool', () => {
    expect(sample(verifierText, 'outbox_backlog', { outbox: 'webhook' })).toBe(0);
    const pool = sample(verifierText, 'db_pool_connections', { state: 'total' });
    if (kind === 'postgres') expect(pool).toBeGreaterThanOrEqual(1);
    else expect(pool).toBeUndefined();
  });

  it('refuses /metrics without the token or with a wrong one', async () => {
    for (const bearer of [undefined, 'x'.repeat(48)]) {
      const refused = await scrape(world.verifier.url, bearer);
      expect(refused.status).toBe(401);
      expect(refused.text).not.toContain('http_requests_total');
    }
    expect((await scrape(world.issuer.instanceUrl)).status).toBe(401);
  });

  it('serves no /metrics at all when no token is configured', async () => {
    const server = createServer(buildVerifierApp(world.verifier.ctx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await scrape(url)).status).toBe(404);
      expect((await scrape(url, token)).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
