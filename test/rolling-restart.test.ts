import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK } from 'jose';
import pg from 'pg';
import { testDatabaseKinds, testPostgresUrl } from '@min-profil/shared/testing/test-database';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import { signTrustList } from '@min-profil/shared/trust-list/sign-trust-list';
import { freePort, ServiceProcess } from './faults/service-process.js';

/**
 * A rolling restart loses no request (docs/operations.md "Shutdown"): two verifier processes on
 * one PostgreSQL database behind a round-robin balancer that, like a real one, sends only to
 * instances whose `/health/ready` answers 200 and tries the next when a connection is refused.
 * A steady stream of consumer API calls runs while each instance in turn gets SIGTERM, exits
 * by itself and is started again.
 */
interface Backend {
  url: string;
  ready: boolean;
  served: number;
}

/** The balancer: readiness probes every 100 ms, round robin over the ready backends. */
async function startProbingBalancer(backends: Backend[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  let closing = false;
  const probe = async () => {
    while (!closing) {
      await Promise.all(
        backends.map(async (backend) => {
          try {
            backend.ready = (await fetch(`${backend.url}/health/ready`)).status === 200;
          } catch {
            backend.ready = false;
          }
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const probing = probe();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void forward(Buffer.concat(chunks), 0));

    async function forward(body: Buffer, tries: number): Promise<void> {
      const ready = backends.filter((b) => b.ready);
      if (ready.length === 0 || tries > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      if (tries > 500) return void res.writeHead(502).end();
      if (ready.length === 0) return forward(body, tries + 1);
      const backend = ready[next++ % ready.length];
      const target = new URL(req.url ?? '/', backend.url);
      const upstream = httpRequest(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host }, agent: false },
        (answer) => {
          backend.served++;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        // Refused: nothing reached the instance, so another may take the request.
        if (err.code === 'ECONNREFUSED' && !res.headersSent) {
          backend.ready = false;
          void forward(body, tries + 1);
        } else if (!res.headersSent) res.writeHead(502).end(err.code ?? 'error');
        else res.destroy();
      });
      upstream.end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      closing = true;
      await probing;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Two instances need a shared database: PostgreSQL (SQLite is for one instance only).
const onPostgres = testDatabaseKinds().includes('postgres') ? describe : describe.skip;
onPostgres('a rolling restart of two verifier instances', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'min-profil-rolling-'));
  const databaseName = `rolling_${randomBytes(4).toString('hex')}`;
  const apiKey = randomBytes(16).toString('hex');
  const backends: Backend[] = [];
  const instances: ServiceProcess[] = [];
  let balancer: Awaited<ReturnType<typeof startProbingBalancer>>;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const operator = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(
      join(dataDir, 'operator.pub.json'),
      JSON.stringify({ ...(await exportJWK(operator.publicKey)), kid: 'op-1' }),
    );
    const trustList = buildTrustList({
      operator: 'test operator',
      issuers: [],
      consumers: [],
      registrations: [],
    });
    writeFileSync(
      join(dataDir, 'trust-list.jwt'),
      await signTrustList({ trustList, privateKey: operator.privateKey, kid: 'op-1' }),
    );
    const ports = [await freePort(), await freePort()];
    for (const port of ports) backends.push({ url: `http://127.0.0.1:${port}`, ready: false, served: 0 });
    balancer = await startProbingBalancer(backends);
    for (const [i, port] of ports.entries()) {
      const instance = new ServiceProcess(
        'verifier',
        backends[i].url,
        {
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          ALLOW_INSECURE_URLS: '1',
          DATABASE_URL: testPostgresUrl.replace(/\/[^/]*$/, `/${databaseName}`),
          TRUST_LIST_FILE: join(dataDir, 'trust-list.jwt'),
          TRUST_LIST_OPERATOR_JWK: join(dataDir, 'operator.pub.json'),
          VERIFIER_API_KEYS: `insurer:${apiKey}`,
          VERIFIER_PORT: String(port),
          VERIFIER_BASE_URL: balancer.url,
          // Long enough for the balancer's probe (every 100 ms) to take the instance out.
          SHUTDOWN_DRAIN_MS: '2000',
        },
        '/health/live',
      );
      // One at a time: the first runs the migrations.
      await instance.start();
      instances.push(instance);
    }
    await until('both instances ready', () => backends.every((b) => b.ready));
  }, 120_000);

  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await balancer?.close();
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every request of a steady stream while each instance is restarted with SIGTERM', async () => {
    const failures: string[] = [];
    let answered = 0;
    let streaming = true;
    // Each call: a consumer creates a presentation request (a write) and the wallet side fetches
    // its signed request object (a read that signs). Paced below the per-instance rate limit.
    const client = async () => {
      const stopAt = Date.now() + 120_000;
      while (streaming && Date.now() < stopAt) {
        try {
          const created = await fetch(`${balancer.url}/api/presentation-requests`, {
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ template: 'unemployment_claim' }),
          });
          const body = (await created.json()) as { id?: string };
          if (created.status !== 201 || !body.id) failures.push(`create: ${created.status}`);
          else {
            const object = await fetch(`${balancer.url}/openid4vp/requests/${body.id}`);
            if (object.status !== 200) failures.push(`request object: ${object.status}`);
            else answered++;
          }
        } catch (err) {
          failures.push(`lost: ${err instanceof Error ? err.message : String(err)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    };
    const clients = [client(), client(), client()];
    try {
      for (const [i, instance] of instances.entries()) {
        const before = answered;
        await until('a few calls before the restart', () => answered >= before + 5);
        expect(await instance.terminate()).toBe(0);
        backends[i].served = 0;
        await instance.start();
        await until(`instance ${i} serving again`, () => backends[i].served >= 4);
      }
    } finally {
      streaming = false;
      await Promise.all(clients);
    }
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThanOrEqual(10);
  }, 240_000);
});
