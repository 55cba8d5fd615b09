import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import pg from 'pg';
import { testPostgresUrl } from '@min-profil/shared/testing/test-database';
import { createAndFetchRequest, obtainCredential, present, responseForm } from './client.js';
import type { BenchResult } from './results.js';
import {
  buildBenchTrustList,
  mutableTrustList,
  newDeployment,
  startIssuerInstance,
  startVerifierInstance,
  type Deployment,
} from './services.js';
import { median, percentile, round } from './stats.js';

/**
 * The verifier's growth curve: `direct_post` (response mode `direct_post`, a fresh valid
 * presentation each) with 10 k → 100 k → 1 M stored requests and results on PostgreSQL, the
 * retention purge running. The stored rows are the verifier's own: `templates` real requests
 * are made and answered through its API (claims sealed under the consumer's data key, as
 * stored), then cloned in bulk with new ids, nonces, states and times spread over the last 90
 * days, past their expiry and, where older than the retention, without their claim values
 * (what a long-running verifier holds, with the purge caught up). At each size: p50/p99 of `requests` sequential `direct_post` over HTTP
 * keep-alive, one housekeeping pass's time, the table's size and the plans of the hot queries.
 * Everything lives in a database of its own on the PostgreSQL server, dropped at the end.
 */
const schema = 'verifier';
const table = `"${schema}".presentation_request`;

export interface ScalePoint {
  rows: number;
  p50: number;
  p99: number;
  housekeepingMs: number;
  tableBytes: number;
  plans: Record<string, string>;
}

export async function runVerifierScale(options: { sizes: number[]; requests: number; templates: number }) {
  const databaseName = `bench_scale_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = testPostgresUrl.replace(/\/[^/]*$/, `/${databaseName}`);
  const issuerDb = newDeployment('sqlite', 'bench_scale_issuer');
  const issuer = await startIssuerInstance(issuerDb.deployment);
  const deployment: Omit<Deployment, 'baseUrl'> = {
    ...newDeployment('postgres', 'unused').deployment,
    databaseUrl,
    schema,
  };
  const trustList = mutableTrustList();
  const verifier = await startVerifierInstance(deployment, { trustList, issuerBaseUrl: issuer.url });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const list = await buildBenchTrustList(issuer.url, verifier.url);
    trustList.set(list);
    const issued = await obtainCredential({
      issuerUrl: issuer.url,
      apiKey: issuerDb.deployment.apiKeys.issuer,
      holder: 'af',
      pnr: '191212121212',
      configurationId: 'registration_certificate',
    });
    const apiKey = deployment.apiKeys.insurer;
    /** A fresh request and the form that answers it: the client's work, done before timing. */
    const prepare = async () => {
      const { request: authz } = await createAndFetchRequest({
        verifierUrl: verifier.url,
        apiKey,
        template: 'unemployment_claim',
        trustList: list,
      });
      const presentation = await present({ issued, request: authz, queryId: 'registration' });
      return {
        path: new URL(authz.response_uri).pathname,
        body: responseForm({ registration: [presentation] }, authz.state),
      };
    };
    const post = (item: { path: string; body: string }) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${verifier.url}${item.path}`, {
          agent,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(item.body);
      });

    // The templates: real rows, nine in ten answered.
    for (let i = 0; i < options.templates; i++) {
      const item = await prepare();
      if (i % 10 !== 9 && (await post(item)) !== 200) throw new Error('a template presentation was refused');
    }
    const columns = (
      await db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'presentation_request' ORDER BY ordinal_position`,
        [schema],
      )
    ).rows.map((r: { column_name: string }) => r.column_name as string);
    // The answered ones are cloned: unanswered requests are purged at expiry, so a verifier
    // that has run for months holds only the few still open (the real pending ones here).
    await db.query(`CREATE TEMP TABLE template AS SELECT * FROM ${table} WHERE responded_at IS NOT NULL`);

    const points: ScalePoint[] = [];
    for (const size of options.sizes) {
      const have = Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      await seed(db, columns, size - have);
      await db.query(`ANALYZE ${table}`);
      const items = [];
      for (let i = 0; i < options.requests + 20; i++) items.push(await prepare());
      for (const item of items.slice(0, 20)) await post(item); // warm-up
      const ms: number[] = [];
      for (const item of items.slice(20)) {
        const start = process.hrtime.bigint();
        const status = await post(item);
        ms.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (status !== 200) throw new Error(`direct_post answered ${status} at ${size} rows`);
      }
      const swept = process.hrtime.bigint();
      await verifier.runHousekeeping();
      const housekeepingMs = Number(process.hrtime.bigint() - swept) / 1e6;
      points.push({
        rows: Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n),
        p50: round(median(ms), 2),
        p99: round(percentile(ms, 99), 2),
        housekeepingMs: round(housekeepingMs, 1),
        tableBytes: Number((await db.query(`SELECT pg_total_relation_size('${table}') AS b`)).rows[0].b),
        plans: await plans(db),
      });
      process.stderr.write(`bench: verifier scale ${JSON.stringify(points.at(-1))}\n`);
    }
    return points;
  } finally {
    agent.destroy();
    await db.end();
    await verifier.stop();
    await issuer.stop();
    await issuerDb.database.cleanup();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * `n` more rows cloned from the templates in one INSERT … SELECT: new id, nonce and state; times
 * spread evenly over the last 90 days (each keeping its template's lifetimes), so most are
 * expired and answered, as in a verifier that has run for months.
 */
async function seed(db: pg.Client, columns: string[], n: number): Promise<void> {
  if (n <= 0) return;
  const span = 90 * 86_400;
  const now = Math.floor(Date.now() / 1000);
  const shifted = (column: string) =>
    `CASE WHEN t.${column} IS NULL THEN NULL ELSE t.${column} - t.created_at + c.at END`;
  const value: Record<string, string> = {
    id: `'seed-' || md5(random()::text || g::text)`,
    nonce: `md5('n' || random()::text || g::text)`,
    state: `md5('s' || random()::text || g::text)`,
    created_at: 'c.at',
    expires_at: shifted('expires_at'),
    responded_at: shifted('responded_at'),
    completed_at: shifted('completed_at'),
    // Past their retention, claim values and response keys are already gone, as the
    // housekeeping leaves them.
    claims_expire_at: `CASE WHEN ${shifted('claims_expire_at')} <= ${now} THEN NULL ELSE ${shifted('claims_expire_at')} END`,
    claims: `CASE WHEN ${shifted('claims_expire_at')} <= ${now} THEN NULL ELSE t.claims END`,
    response_encryption_key: `CASE WHEN ${shifted('expires_at')} < ${now} AND t.response_encryption_key IS NOT NULL THEN 'deleted' ELSE t.response_encryption_key END`,
  };
  const select = columns.map((c) => value[c] ?? `t.${c}`).join(', ');
  await db.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${select}
     FROM generate_series(1, $1::int) AS g
     CROSS JOIN LATERAL (SELECT ($2::bigint - $3::bigint + (g::bigint * $3::bigint) / $1::bigint) AS at) AS c
     JOIN (SELECT *, row_number() OVER () - 1 AS k, count(*) OVER () AS total FROM template) AS t
       ON t.k = g % t.total`,
    [n, now, span],
  );
}

/** The plans of the hot queries, as the verifier's store writes them (verifier-store.ts). */
async function plans(db: pg.Client): Promise<Record<string, string>> {
  const now = Math.floor(Date.now() / 1000);
  const [one] = (await db.query(`SELECT id, state FROM ${table} LIMIT 1`)).rows as Array<{
    id: string;
    state: string;
  }>;
  const queries: Record<string, [string, unknown[]]> = {
    'direct_post: find the request': [`SELECT * FROM ${table} WHERE id = $1`, [one.id]],
    'direct_post: consume nonce and state': [
      `UPDATE ${table} SET responded_at = $3 WHERE id = $1 AND state = $2 AND responded_at IS NULL AND expires_at > $3`,
      [one.id, one.state, now],
    ],
    'housekeeping: expired claims': [
      `UPDATE ${table} SET claims = NULL, claims_expire_at = NULL WHERE claims_expire_at <= $1 AND claims IS NOT NULL`,
      [now],
    ],
    'housekeeping: expired encryption keys': [
      `UPDATE ${table} SET response_encryption_key = 'deleted' WHERE expires_at < $1 AND response_encryption_key <> 'deleted'`,
      [now],
    ],
    // listPurgeableRequestIds: one query per case, each LIMITed to what the batch still needs.
    'housekeeping: purgeable requests, unanswered (page)': [
      `SELECT r.id FROM ${table} r WHERE r.responded_at IS NULL AND r.expires_at < $1 AND r.page_session IS NOT NULL LIMIT 500`,
      [now - 60],
    ],
    'housekeeping: purgeable requests, unanswered (API)': [
      `SELECT r.id FROM ${table} r WHERE r.responded_at IS NULL AND r.expires_at < $1 AND r.page_session IS NULL LIMIT 500`,
      [now - 86_400],
    ],
    'housekeeping: purgeable requests, answered (page)': [
      `SELECT r.id FROM ${table} r WHERE (r.responded_at IS NOT NULL AND r.page_session IS NOT NULL) AND r.expires_at < $1
         AND NOT EXISTS (SELECT 1 FROM "${schema}".approval_request a WHERE a.id = r.id AND a.receipt_id IS NOT NULL) LIMIT 500`,
      [now - 86_400],
    ],
    'housekeeping: purgeable requests, approved': [
      `SELECT r.id FROM ${table} r WHERE r.id IN (SELECT a.id FROM "${schema}".approval_request a
         WHERE a.approved_at IS NOT NULL AND a.approved_at < $1) LIMIT 500`,
      [now - 10 * 365 * 86_400],
    ],
    'consumer list: newest requests': [
      `SELECT * FROM ${table} WHERE consumer_id = 'insurer' ORDER BY created_at DESC LIMIT 20`,
      [],
    ],
  };
  const out: Record<string, string> = {};
  for (const [name, [sql, parameters]] of Object.entries(queries)) {
    await db.query('BEGIN');
    try {
      const rows = (await db.query(`EXPLAIN ${sql}`, parameters)).rows as Array<{ 'QUERY PLAN': string }>;
      out[name] = rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await db.query('ROLLBACK');
    }
  }
  return out;
}

export function scaleResults(points: ScalePoint[], requests: number): BenchResult[] {
  const first = points[0];
  return points.map((p) => ({
    name: 'scale-verifier-direct-post',
    unit: 'ms',
    value: p.p50,
    p99: p.p99,
    references: {},
    database: 'postgres',
    rows: p.rows,
    housekeeping_ms: p.housekeepingMs,
    table_bytes: p.tableBytes,
    p50_vs_smallest: round(p.p50 / first.p50, 2),
    plans: p.plans,
    note:
      `direct_post (response mode direct_post) with ${p.rows.toLocaleString('en-US')} stored requests/results ` +
      `(${Math.round(p.tableBytes / 1048576)} MiB with indexes); ${requests} sequential fresh presentations over ` +
      `HTTP keep-alive after 20 warm-up; one housekeeping pass ${p.housekeepingMs} ms`,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.argv[2] ?? '10000,100000,1000000').split(',').map(Number);
  const requests = Number(process.argv[3] ?? 300);
  const points = await runVerifierScale({ sizes, requests, templates: 50 });
  process.stdout.write(`${JSON.stringify(scaleResults(points, requests))}\n`);
}
