import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testDatabaseKinds, testPostgresUrl } from '@min-profil/shared/testing/test-database';
import { freePort, ServiceProcess } from './faults/service-process.js';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

/**
 * Traces from a service as deployed: the eID provider's own `dist/main.js` (plain Node, ES
 * modules, no loader hook) with OTEL_EXPORTER_OTLP_ENDPOINT set, on each database. Its spans
 * reach the receiver, the last ones sent at SIGTERM (docs/operations.md "Traces").
 */
const outsideTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${outsideTraceId}-00f067aa0ba902b7-01`;

describe.each(testDatabaseKinds())('the eID provider process with tracing on %s', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'min-profil-traces-'));
  const databaseName = `traces_${randomBytes(4).toString('hex')}`;
  let receiver: OtlpReceiver;
  let eid: ServiceProcess;
  let exitCode: number | null;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    if (kind === 'postgres') {
      const admin = new pg.Client({ connectionString: testPostgresUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${databaseName}`);
      await admin.end();
    }
    const port = await freePort();
    eid = new ServiceProcess(
      'eid',
      `http://127.0.0.1:${port}`,
      {
        DATA_DIR: dataDir,
        EID_PORT: String(port),
        LOG_LEVEL: 'warn',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,service.name=not-this-one',
        OTEL_SERVICE_NAME: 'nor-this-one',
        EID_CLIENTS: JSON.stringify([
          { client_id: 'rp', token_endpoint_auth_method: 'none', redirect_uris: ['http://127.0.0.1:9/cb'] },
        ]),
        ...(kind === 'postgres'
          ? { EID_DATABASE_URL: testPostgresUrl.replace(/\/[^/]*$/, `/${databaseName}`) }
          : {}),
      },
      '/health/live',
    );
    await eid.start();
    const headers = { traceparent, baggage: 'person=191212121212' };
    expect(
      (await fetch(`${eid.url}/interaction/no-such-interaction`, { headers })).status,
    ).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${eid.url}/.well-known/openid-configuration`, { headers })).status).toBe(200);
    // An authorization request: the provider stores the interaction it starts (a query).
    const authorize = new URL(`${eid.url}/auth`);
    for (const [name, value] of Object.entries({
      client_id: 'rp',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:9/cb',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 'state-1',
      nonce: 'nonce-1',
    })) {
      authorize.searchParams.set(name, value);
    }
    const started = await fetch(authorize, { headers, redirect: 'manual' });
    expect(started.headers.get('location')).toMatch(/^\/interaction\//);
    expect((await fetch(`${eid.url}/health/ready`, { headers })).status).toBe(200);
    exitCode = await eid.terminate();
    const deadline = Date.now() + 60_000;
    while (!receiver.spans.some((s) => s.name === 'GET /interaction/:uid')) {
      if (Date.now() > deadline) throw new Error(`no span arrived: ${eid.output.join('').slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    await eid?.stop();
    await receiver?.close();
    if (kind === 'postgres') {
      const admin = new pg.Client({ connectionString: testPostgresUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports its request spans under service.name eid, each a new trace, and stops cleanly', () => {
    expect(exitCode).toBe(0);
    const servers = receiver.spans.filter((s) => s.kind === 2);
    expect(servers.map((s) => s.name).sort()).toEqual(['GET', 'GET', 'GET /interaction/:uid']);
    for (const span of servers) {
      expect(span.service).toBe('eid');
      expect(span.resource).toMatchObject({
        'deployment.environment.name': 'test',
        'service.instance.id': expect.any(String),
      });
      expect(span.traceId).not.toBe(outsideTraceId);
      expect(span.parentSpanId).toBeUndefined();
    }
    expect(receiver.bodies.join('')).not.toContain('191212121212');
  });

  it(`traces the provider's ${kind} queries inside the request`, () => {
    const traces = new Set(receiver.spans.filter((s) => s.kind === 2).map((s) => s.traceId));
    const queries = receiver.spans.filter(
      (s) => s.attributes['db.system.name'] === (kind === 'postgres' ? 'postgresql' : 'sqlite'),
    );
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(traces.has(query.traceId)).toBe(true);
  });

  it('does not trace health probes', () => {
    expect(
      receiver.spans.filter((s) => String(s.attributes['http.route'] ?? '').startsWith('/health')),
    ).toEqual([]);
  });
});
