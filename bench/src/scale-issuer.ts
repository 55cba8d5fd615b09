import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testPostgresUrl } from '@min-profil/shared/testing/test-database';
import { cpuSeconds, idleUsage, memoryOf, spawnServe, statementsSent, stopServe } from './child-service.js';
import { createHolderKey, createProof, fetchNonce, redeemOffer } from './client.js';
import { measureCryptoFloor } from './crypto-floor.js';
import { coordinationCost, summariseCurve, timesFloor } from './curve-summary.js';
import { cannon, combine, postgresCpu, prepare, type CannonResult, type Item } from './load.js';
import { keepAliveAgent, rawRequest } from './raw-http.js';
import type { BenchResult } from './results.js';
import { newDeployment, type Deployment } from './services.js';
import { median, percentile, round } from './stats.js';

/**
 * The issuer's growth curve on PostgreSQL: registers of N people (every record the demo
 * register holds for one person, cloned per person), an issued-credential log of N rows and
 * the status lists that cover them (a list retired at a quarter used, as the issuer's own
 * store does; 1 % revoked). At each size: the credential endpoint's p50/p99 (sequential fresh
 * proofs over keep-alive), its throughput and CPU per request with one and with two instances
 * (each in its own process, pinned: core 0 and core 1), a revocation through the staff API and
 * the publication of the list it changed (rebuilt, signed, bytes and gzip bytes), the tables'
 * sizes, each instance's peak RSS and the hot queries' plans. The crypto floor (one ES256
 * sign through the signing seam + one verify) is measured in this process at every point, so
 * each point's CPU is set against a floor taken under the same load of the machine.
 */
const schema = 'issuer';
const template = '191212121212';
/** What the issuer's status list store does: lists of 131,072 entries, retired at a quarter. */
const listSize = 131_072;
const perList = listSize / 4;

export interface IssuerScalePoint {
  people: number;
  floorMsPerOp: number;
  registerRows: number;
  issued: number;
  statusLists: number;
  credentialP50: number;
  credentialP99: number;
  load: Array<{
    instances: 1 | 2;
    rps: number;
    p99: number;
    cpuMsPerRequest: number;
    /** Less what the instances burn idle over the same wall time (timers, pools). */
    idleCorrectedCpuMsPerRequest: number;
    postgresCpuMsPerRequest: number;
    postgresStatementsPerRequest: number;
    peakRssBytes: number[];
  }>;
  revokeP50: number;
  publishP50: number;
  publishJwtBytes: number;
  publishGzipBytes: number;
  tableBytes: number;
  clientCpuMs: number;
  clientPeakRssBytes: number;
  plans: Record<string, string>;
}

export async function runIssuerScale(options: { sizes: number[]; requests: number; loadRequests: number }) {
  const databaseName = `bench_scale_issuer_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = testPostgresUrl.replace(/\/[^/]*$/, `/${databaseName}`);
  const deployment: Omit<Deployment, 'baseUrl'> = {
    ...newDeployment('postgres', 'unused').deployment,
    databaseUrl,
    schema,
  };
  const children: ChildProcess[] = [];
  const db = new pg.Client({ connectionString: databaseUrl });
  const agent = keepAliveAgent();
  try {
    const first = await spawnServe(0, { role: 'issuer', deployment });
    children.push(first.child);
    const second = await spawnServe(1, {
      role: 'issuer',
      deployment: { ...deployment, baseUrl: first.url } satisfies Deployment,
    });
    children.push(second.child);
    const urls = [first.url, second.url];
    const idle = await Promise.all(children.map((c) => idleUsage(c.pid)));
    await db.connect();
    const staff = { authorization: `Bearer ${deployment.apiKeys.issuer}` };
    // An access token lives minutes and a large point's seeding takes longer: one per phase.
    const headers = { 'content-type': 'application/json', authorization: '' };
    const freshToken = async () => {
      const accessToken = await redeemOffer({
        issuerUrl: first.url,
        apiKey: deployment.apiKeys.issuer,
        holder: 'af',
        pnr: template,
        configurationIds: ['registration_certificate'],
      });
      headers.authorization = `Bearer ${accessToken}`;
    };
    const key = await createHolderKey();
    const post = (item: Item & { url: string }) =>
      rawRequest(agent, `${item.url}${item.path}`, { method: 'POST', headers, body: item.body });
    /** A fresh proof on a fresh c_nonce, made through instance `i % instances`: the client's work. */
    const makeItems = (n: number, instances: number) =>
      prepare(n, 4, async (i): Promise<Item & { url: string }> => {
        const url = urls[i % instances];
        const nonce = await fetchNonce(url, 'af');
        const proof = await createProof({ key, audience: `${first.url}/af`, nonce });
        return {
          url,
          path: '/af/credential',
          body: JSON.stringify({
            credential_configuration_id: 'registration_certificate',
            proofs: { jwt: [proof] },
          }),
        };
      });
    const load = async (instances: 1 | 2) => {
      await freshToken();
      const items = await makeItems(options.loadRequests, instances);
      const statementsBefore = await Promise.all(children.slice(0, instances).map(statementsSent));
      const before = children.map((c) => cpuSeconds(c.pid));
      const pgBefore = postgresCpu();
      const parts: CannonResult[] = await Promise.all(
        urls.slice(0, instances).map((url) =>
          cannon({
            url,
            items: items.filter((item) => item.url === url),
            connections: 8 / instances,
            headers,
          }),
        ),
      );
      const result = combine(parts);
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`issuer load: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      const used = children.slice(0, instances).reduce((sum, c, i) => sum + cpuSeconds(c.pid) - before[i], 0);
      const statementsAfter = await Promise.all(children.slice(0, instances).map(statementsSent));
      const statements = statementsAfter.reduce((sum, n, i) => sum + n - statementsBefore[i], 0);
      let pgUsed = 0;
      for (const [pid, seconds] of postgresCpu()) pgUsed += seconds - (pgBefore.get(pid) ?? 0);
      const idleMs = idle.slice(0, instances).reduce((sum, i) => sum + i.cpuMsPerSecond * result.seconds, 0);
      return {
        instances,
        rps: round(result.rps, 0),
        p99: result.p99,
        cpuMsPerRequest: round((used * 1000) / result.requests, 2),
        idleCorrectedCpuMsPerRequest: round((used * 1000 - idleMs) / result.requests, 2),
        postgresCpuMsPerRequest: round((pgUsed * 1000) / result.requests, 2),
        postgresStatementsPerRequest: round(statements / result.requests, 2),
        peakRssBytes: children.slice(0, instances).map((c) => memoryOf(c.pid).peakRssBytes),
      };
    };

    const templateRows = Number(
      (
        await db.query(`SELECT count(*) AS n FROM ${schema}.register_record WHERE identity_number = $1`, [
          template,
        ])
      ).rows[0].n,
    );
    const points: IssuerScalePoint[] = [];
    const seededLists: number[] = [];
    let seeded = 0;
    for (const people of options.sizes) {
      const clientCpu = process.cpuUsage();
      await seed(db, seeded + 1, people, seededLists);
      seeded = Math.max(seeded, people);
      const floor = await measureCryptoFloor();
      for (const t of ['register_record', 'issued_credential', 'status_entry', 'status_list'])
        await db.query(`ANALYZE ${schema}.${t}`);

      await freshToken();
      const items = await makeItems(options.requests + 20, 1);
      for (const item of items.slice(0, 20)) await post(item); // warm-up
      const ms: number[] = [];
      for (const item of items.slice(20)) {
        const answer = await post(item);
        if (answer.status !== 200)
          throw new Error(`credential endpoint answered ${answer.status} at ${people}`);
        ms.push(answer.ms);
      }
      const loads = [await load(1), await load(2)];

      // Revocations through the staff API, each followed by the publication of the changed list.
      const victims = (
        await db.query(
          `SELECT c.id, c.status_list_id FROM ${schema}.issued_credential c
             JOIN ${schema}.status_entry e ON e.list_id = c.status_list_id AND e.idx = c.status_index
            WHERE c.id LIKE 'seed-%' AND e.status = 0 ORDER BY random() LIMIT 10`,
        )
      ).rows as Array<{ id: string; status_list_id: number }>;
      const revoke: number[] = [];
      const publish: number[] = [];
      let jwtBytes = 0;
      let gzipBytes = 0;
      for (const victim of victims) {
        const revoked = await rawRequest(agent, `${first.url}/af/admin/credentials/${victim.id}/status`, {
          method: 'POST',
          headers: { ...staff, 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'revoked' }),
        });
        if (revoked.status !== 200) throw new Error(`revocation answered ${revoked.status}`);
        revoke.push(revoked.ms);
        const published = await rawRequest(agent, `${first.url}/af/status-lists/${victim.status_list_id}`, {
          headers: { 'accept-encoding': 'gzip' },
        });
        if (published.status !== 200) throw new Error(`status list answered ${published.status}`);
        publish.push(published.ms);
        gzipBytes = published.body.length;
        const plain = await rawRequest(agent, `${first.url}/af/status-lists/${victim.status_list_id}`);
        jwtBytes = plain.body.length;
      }
      const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
      const used = process.cpuUsage(clientCpu);
      points.push({
        people,
        floorMsPerOp: floor.msPerOp,
        registerRows: await count(`SELECT count(*) AS n FROM ${schema}.register_record`),
        issued: await count(`SELECT count(*) AS n FROM ${schema}.issued_credential`),
        statusLists: await count(`SELECT count(*) AS n FROM ${schema}.status_list`),
        credentialP50: round(median(ms), 2),
        credentialP99: round(percentile(ms, 99), 2),
        load: loads,
        revokeP50: round(median(revoke), 2),
        publishP50: round(median(publish), 2),
        publishJwtBytes: jwtBytes,
        publishGzipBytes: gzipBytes,
        tableBytes: await count(
          `SELECT sum(pg_total_relation_size(c.oid)) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '${schema}' AND c.relkind = 'r'`,
        ),
        clientCpuMs: round((used.user + used.system) / 1000, 0),
        clientPeakRssBytes: process.resourceUsage().maxRSS * 1024,
        plans: await plans(db),
      });
      const { plans: _plans, ...shown } = points.at(-1)!;
      process.stderr.write(`bench: issuer scale ${JSON.stringify(shown)}\n`);
    }
    return {
      points,
      templateRows,
      idleCpuMsPerSecond: idle.map((i) => round(i.cpuMsPerSecond, 1)),
      idleRssBytes: idle.map((i) => i.rssBytes),
    };
  } finally {
    agent.destroy();
    await db.end().catch(() => undefined);
    await Promise.all(children.map(stopServe));
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
}

const personNumber = (g: string) => `'3' || lpad(${g}::text, 11, '0')`;

/**
 * People `from`..`to` (1-based) into the register, each with every record the template person
 * has; one issued credential each on the status lists (new lists as they fill to a quarter, as
 * the issuer's store retires them), every hundredth revoked. One INSERT … SELECT per table.
 */
async function seed(db: pg.Client, from: number, to: number, lists: number[]): Promise<void> {
  if (to < from) return;
  const now = Math.floor(Date.now() / 1000);
  while (lists.length < Math.ceil(to / perList)) {
    const { rows } = await db.query(
      `INSERT INTO ${schema}.status_list (holder_id, bits, size, version, created_at) VALUES ('af', 2, $1, 0, $2) RETURNING id`,
      [listSize, now],
    );
    lists.push(Number((rows[0] as { id: number }).id));
  }
  const listOf = `($3::int[])[((g - 1) / ${perList}) + 1]`;
  const indexOf = `((g - 1) % ${perList}) * 4 + (g % 4)`;
  await db.query(
    `INSERT INTO ${schema}.register_record (id, holder_id, identity_number, record_type, data, ready_at, updated_at)
     SELECT md5(g::text || t.id), t.holder_id, ${personNumber('g')}, t.record_type, t.data, t.ready_at, t.updated_at
       FROM generate_series($1::int, $2::int) AS g
      CROSS JOIN (SELECT * FROM ${schema}.register_record WHERE identity_number = '${template}') AS t`,
    [from, to],
  );
  // The issuer draws random indexes on the newest list meanwhile: a seeded index it took is skipped.
  await db.query(
    `INSERT INTO ${schema}.status_entry (list_id, idx, status)
     SELECT ${listOf}, ${indexOf}, CASE WHEN g % 100 = 0 THEN 1 ELSE 0 END FROM generate_series($1::int, $2::int) AS g
     ON CONFLICT DO NOTHING`,
    [from, to, lists],
  );
  // Each list's counter of allocated indexes, as the issuer keeps it (issue #24).
  await db.query(
    `UPDATE ${schema}.status_list l SET allocated = (SELECT count(*) FROM ${schema}.status_entry e WHERE e.list_id = l.id)
      WHERE l.id = ANY($1::int[])`,
    [lists],
  );
  await db.query(
    `INSERT INTO ${schema}.issued_credential
       (id, holder_id, configuration_id, identity_number, status_list_id, status_index, notification_id, issued_at, expires_at)
     SELECT 'seed-' || g, 'af', 'registration_certificate', ${personNumber('g')}, ${listOf}, ${indexOf},
            md5('n' || g::text), $4::bigint - ($2::bigint - g), $4::bigint + 31536000
       FROM generate_series($1::int, $2::int) AS g`,
    [from, to, lists, now],
  );
}

/** The plans of the issuer's hot queries, as its stores write them. */
async function plans(db: pg.Client): Promise<Record<string, string>> {
  const [one] = (
    await db.query(
      `SELECT id, identity_number, status_list_id FROM ${schema}.issued_credential WHERE id LIKE 'seed-%' LIMIT 1`,
    )
  ).rows as Array<{ id: string; identity_number: string; status_list_id: number }>;
  const queries: Record<string, [string, unknown[]]> = {
    'credential: the register record (register-store find)': [
      `SELECT * FROM ${schema}.register_record WHERE holder_id = 'af' AND identity_number = $1 AND record_type = 'registration_certificate'`,
      [one.identity_number],
    ],
    'credential: claim a place on the current list (status-list-store claimPlaceOnCurrentList)': [
      `UPDATE ${schema}.status_list SET allocated = allocated + 1 WHERE id = $1 AND allocated < size / 4`,
      [one.status_list_id],
    ],
    'credential: is a random index taken (allocateIndex)': [
      `SELECT 1 FROM ${schema}.status_entry WHERE list_id = $1 AND idx = $2 LIMIT 1`,
      [one.status_list_id, 4],
    ],
    'revocation: find the credential (findIssuedCredential)': [
      `SELECT * FROM ${schema}.issued_credential WHERE holder_id = 'af' AND id = $1`,
      [one.id],
    ],
    'publication: the list’s revoked and suspended entries (loadNonZeroEntries)': [
      `SELECT idx, status FROM ${schema}.status_entry WHERE list_id = $1 AND status <> 0`,
      [one.status_list_id],
    ],
    'staff: a person’s issued credentials, newest first': [
      `SELECT * FROM ${schema}.issued_credential WHERE holder_id = 'af' AND identity_number = $1 ORDER BY issued_at DESC, id DESC LIMIT 21`,
      [one.identity_number],
    ],
  };
  const out: Record<string, string> = {};
  for (const [name, [sql, parameters]] of Object.entries(queries)) {
    const rows = (await db.query(`EXPLAIN ${sql}`, parameters)).rows as Array<{ 'QUERY PLAN': string }>;
    out[name] = rows.map((r) => r['QUERY PLAN']).join('\n');
  }
  return out;
}

export function issuerScaleResults(
  run: { points: IssuerScalePoint[]; idleCpuMsPerSecond: number[]; idleRssBytes: number[] },
  requests: number,
): BenchResult[] {
  const { points } = run;
  const floorMsPerOp = median(points.map((p) => p.floorMsPerOp));
  const mib = (bytes: number) => round(bytes / 1048576, 0);
  const curve = summariseCurve(points.map((p) => ({ size: p.people, value: p.credentialP50 })));
  const out: BenchResult[] = [
    {
      name: 'scale-crypto-floor',
      unit: 'ops/s',
      value: round(1000 / floorMsPerOp, 0),
      references: {},
      curve: 'issuer',
      ms_per_op: round(floorMsPerOp, 4),
      ms_per_op_by_point: points.map((p) => round(p.floorMsPerOp, 4)),
      idle_cpu_ms_per_s: run.idleCpuMsPerSecond,
      idle_rss_mib: run.idleRssBytes.map(mib),
      note: `one ES256 signature through the signing seam (in-process signer) + one ES256 verification, in the issuer curve’s client process at each point (median of the points; ${points.map((p) => round(p.floorMsPerOp, 3)).join(', ')} ms); issuer instances idle: ${run.idleCpuMsPerSecond.join(' and ')} ms CPU a second, RSS ${run.idleRssBytes.map(mib).join(' and ')} MiB`,
    },
  ];
  for (const p of points) {
    out.push({
      name: 'scale-issuer-credential',
      unit: 'ms',
      value: p.credentialP50,
      p99: p.credentialP99,
      references: {},
      database: 'postgres',
      rows: p.people,
      register_rows: p.registerRows,
      issued: p.issued,
      status_lists: p.statusLists,
      table_bytes: p.tableBytes,
      p50_vs_smallest: round(p.credentialP50 / points[0].credentialP50, 2),
      client_cpu_ms: p.clientCpuMs,
      client_peak_rss_mib: mib(p.clientPeakRssBytes),
      plans: p.plans,
      note:
        `credential endpoint with ${p.people.toLocaleString('en-US')} people in the register ` +
        `(${p.registerRows.toLocaleString('en-US')} records), ${p.issued.toLocaleString('en-US')} issued credentials on ` +
        `${p.statusLists} status lists (${Math.round(p.tableBytes / 1048576)} MiB of tables with indexes); ` +
        `${requests} sequential fresh proofs over HTTP keep-alive after 20 warm-up` +
        (p === points.at(-1)
          ? `; curve: ×${round(curve.growth, 2)} from the smallest size, exponent ${round(curve.exponent, 3)}`
          : ''),
    });
    for (const l of p.load) {
      out.push({
        name: 'scale-issuer-load',
        unit: 'req/s',
        value: l.rps,
        p99: l.p99,
        references: {},
        database: 'postgres',
        rows: p.people,
        instances: l.instances,
        cpu_ms_per_request: l.cpuMsPerRequest,
        idle_corrected_cpu_ms_per_request: l.idleCorrectedCpuMsPerRequest,
        floor_ms_per_op: round(p.floorMsPerOp, 4),
        cpu_vs_floor: round(timesFloor(l.cpuMsPerRequest, p.floorMsPerOp) ?? NaN, 1),
        postgres_cpu_ms_per_request: l.postgresCpuMsPerRequest,
        peak_rss_mib: l.peakRssBytes.map(mib),
        ...(l.instances === 2
          ? {
              cpu_per_request_vs_one_instance: round(
                coordinationCost(p.load[0].cpuMsPerRequest, l.cpuMsPerRequest),
                2,
              ),
            }
          : {}),
        note: `credential endpoint under load (8 connections split over ${l.instances} instance${l.instances === 2 ? 's' : ''}, one per core): ${l.cpuMsPerRequest} ms instance CPU per request (${round(l.cpuMsPerRequest / p.floorMsPerOp, 1)}× this point's floor; ${l.idleCorrectedCpuMsPerRequest} ms less the instances' idle CPU), PostgreSQL ${l.postgresCpuMsPerRequest} ms and ${l.postgresStatementsPerRequest} statements per request; peak RSS ${l.peakRssBytes.map(mib).join(' + ')} MiB`,
      });
    }
    out.push({
      name: 'scale-issuer-status-publish',
      unit: 'ms',
      value: p.publishP50,
      references: {},
      database: 'postgres',
      rows: p.people,
      revoke_ms: p.revokeP50,
      bytes: p.publishJwtBytes,
      gzip_bytes: p.publishGzipBytes,
      status_lists: p.statusLists,
      note: `a revocation through the staff API (${p.revokeP50} ms p50), then GET of the changed list (rebuilt and signed: ${listSize.toLocaleString('en-US')} entries of 2 bits, retired at ${perList.toLocaleString('en-US')} used, 1 % revoked): ${p.publishJwtBytes.toLocaleString('en-US')} B, ${p.publishGzipBytes.toLocaleString('en-US')} B gzip on the wire; ${p.statusLists} lists; p50 of 10`,
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.argv[2] ?? '10000,100000,1000000').split(',').map(Number);
  const requests = Number(process.argv[3] ?? 200);
  const loadRequests = Number(process.argv[4] ?? 600);
  const run = await runIssuerScale({ sizes, requests, loadRequests });
  process.stdout.write(`${JSON.stringify(issuerScaleResults(run, requests))}\n`);
}
