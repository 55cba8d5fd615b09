import {
  createTestDatabase,
  testDatabaseKinds,
  testPostgresUrl,
} from '@min-profil/shared/testing/test-database';
import { startTcpProxy, type TcpProxy } from '@min-profil/shared/testing/tcp-proxy';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import { startTestEid, type TestEid } from '@min-profil/eid/testing/start-test-eid';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';

/**
 * `/health/live` and `/health/ready` (docs/operations.md "Health"): readiness names its checks,
 * fails while a check fails (no trust list; the database unreachable) and recovers by itself.
 */
async function readiness(
  url: string,
): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as never };
}

/** A signed-off list in force that names nobody: readiness asks only that one is in force. */
const emptyTrustList = () =>
  buildTrustList({ operator: 'test operator', issuers: [], consumers: [], registrations: [] });

/** Polls until `check` holds, with a generous deadline for a loaded machine. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testDatabaseKinds())('health endpoints on %s', (kind) => {
  let issuer: RunningIssuer;
  let verifier: RunningVerifier;
  let eid: TestEid;
  const trustList = createMutableTrustList();

  beforeAll(async () => {
    issuer = await startIssuer(kind);
    verifier = await startVerifier(kind, { trustList });
    eid = await startTestEid({ kind, clients: [] });
  });
  afterAll(async () => {
    await eid?.close();
    await verifier?.stop();
    await issuer?.stop();
  });

  it('the eID provider is ready on its database and migrations; /healthz is a deprecated alias', async () => {
    expect(await readiness(eid.issuer)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', migrations: 'ok' } },
    });
    const old = await fetch(`${eid.issuer}/healthz`);
    expect(old.status).toBe(200);
    expect(old.headers.get('deprecation')).toBe('true');
  });

  it('the issuer is live and ready: database, migrations and every holder key usable', async () => {
    const live = await fetch(`${issuer.instanceUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    expect(await readiness(issuer.instanceUrl)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', signing_keys: 'ok' } },
    });
  });

  it('the old /health answers for one more release, marked deprecated', async () => {
    const old = await fetch(`${issuer.instanceUrl}/health`);
    expect(old.status).toBe(200);
    expect(old.headers.get('deprecation')).toBe('true');
    expect(old.headers.get('link')).toContain('</health/live>');
  });

  it('the verifier is not ready without a trust list, and ready once one is in force', async () => {
    const before = await readiness(verifier.url);
    expect(before.status).toBe(503);
    expect(before.body).toEqual({
      status: 'not_ready',
      checks: { database: 'ok', migrations: 'ok', trust_list: 'failed', signing_keys: 'ok' },
    });
    // Liveness does not depend on it: restarting the process would not bring the list.
    expect((await fetch(`${verifier.url}/health/live`)).status).toBe(200);
    trustList.set(emptyTrustList());
    expect(await readiness(verifier.url)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', trust_list: 'ok', signing_keys: 'ok' },
      },
    });
  });
});

// On SQLite the service owns its database file through an open handle: there is no server to
// lose. PostgreSQL is a server across the network, reached here through a relay the test cuts.
const onPostgres = testDatabaseKinds().includes('postgres') ? describe : describe.skip;
onPostgres('readiness while PostgreSQL is unreachable', () => {
  let proxy: TcpProxy;
  let verifier: RunningVerifier;

  beforeAll(async () => {
    const target = new URL(testPostgresUrl);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const database = createTestDatabase('postgres', 'health');
    const proxied = new URL(testPostgresUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const trustList = createMutableTrustList();
    trustList.set(emptyTrustList());
    verifier = await startVerifier('postgres', { trustList, database: { ...database, url: proxied.href } });
  });
  afterAll(async () => {
    await proxy?.start().catch(() => undefined);
    await verifier?.stop();
    await proxy?.stop();
  });

  it('fails while the database is down and recovers when it is back', async () => {
    expect((await readiness(verifier.url)).status).toBe(200);

    await proxy.stop();
    let down: Awaited<ReturnType<typeof readiness>> | undefined;
    await until('readiness to fail', async () => {
      down = await readiness(verifier.url);
      return down.status === 503;
    });
    expect(down!.body.status).toBe('not_ready');
    expect(down!.body.checks.database).toBe('failed');
    expect(down!.body.checks.trust_list).toBe('ok');
    // Live all the same: the orchestrator should stop sending traffic, not restart the process.
    expect((await fetch(`${verifier.url}/health/live`)).status).toBe(200);

    await proxy.start();
    await until('readiness to recover', async () => (await readiness(verifier.url)).status === 200);
    expect((await readiness(verifier.url)).body.checks).toEqual({
      database: 'ok',
      migrations: 'ok',
      trust_list: 'ok',
      signing_keys: 'ok',
    });
  });
});
