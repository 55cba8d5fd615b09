import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testPostgresUrl } from '@min-profil/shared/testing/test-database';
import { credentialAad } from '@min-profil/wallet/credential-offer/store-received';
import { createDataKeys, open, seal } from '@min-profil/wallet/crypto/data-keys';
import { cpuSeconds, idleUsage, memoryOf, spawnServe, statementsSent, stopServe } from './child-service.js';
import { postJson } from './client.js';
import { measureCryptoFloor } from './crypto-floor.js';
import { summariseCurve, timesFloor } from './curve-summary.js';
import { keepAliveAgent, rawRequest } from './raw-http.js';
import type { BenchResult } from './results.js';
import {
  buildBenchTrustList,
  mutableTrustList,
  newDeployment,
  startIssuerInstance,
  startVerifierInstance,
} from './services.js';
import { median, percentile, round } from './stats.js';

/**
 * The wallet's growth curve on PostgreSQL: the wallet service in its own process (core 0), the
 * real issuer and verifier in this one (SQLite; core 1). One person (the measured account)
 * uses the wallet over its API with a personal access token, as a script would: receive and
 * store a credential (offer → accept), list the credentials, read the log's first page, and
 * present to the insurer (fetch the request → approve). The other accounts are clones of the
 * measured one's rows (each with 10 credentials and 10 log entries): first the number of
 * accounts grows, then, at the largest, the number of credentials the measured account holds.
 * At each point: p50/p99 of each operation, the wallet process's CPU per operation (also as a
 * multiple of the crypto floor measured in this process at the same point), its peak RSS, and
 * the tables' size.
 */
const schema = 'wallet';
const person = '191212121212';
type Operation = 'receive' | 'list' | 'log' | 'present';
const operations: Operation[] = ['receive', 'list', 'log', 'present'];
/** The page the list and log operations ask for: the web app's (50), unless told otherwise. */
const pageSize = process.env.BENCH_WALLET_PAGE ?? '50';
const pageQuery = pageSize ? `?limit=${pageSize}` : '';
const heldOf = process.env.BENCH_WALLET_HELD_OF === 'other' ? 'other' : 'same';

export interface WalletScalePoint {
  axis: 'accounts' | 'held';
  accounts: number;
  held: number;
  floorMsPerOp: number;
  /** cpuMs: the wallet process's CPU per operation; idleCorrectedCpuMs: less its idle CPU over the same time. */
  /** statements: what the wallet sent to PostgreSQL per operation (BEGIN and COMMIT included). */
  ops: Record<
    Operation,
    { p50: number; p99: number; cpuMs: number; idleCorrectedCpuMs: number; statements: number }
  >;
  peakRssBytes: number;
  tableBytes: number;
  plans: Record<string, string>;
}

export async function runWalletScale(options: { accounts: number[]; held: number[]; rounds: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wallet-'));
  const databaseName = `bench_scale_wallet_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = testPostgresUrl.replace(/\/[^/]*$/, `/${databaseName}`);
  const issuerDb = newDeployment('sqlite', 'bench_scale_wallet_issuer');
  const verifierDb = newDeployment('sqlite', 'bench_scale_wallet_verifier');
  const issuer = await startIssuerInstance(issuerDb.deployment);
  const verifierTrust = mutableTrustList();
  const verifier = await startVerifierInstance(verifierDb.deployment, {
    trustList: verifierTrust,
    issuerBaseUrl: issuer.url,
  });
  const trustListFile = join(dir, 'trust-list.json');
  const list = await buildBenchTrustList(issuer.url, verifier.url);
  verifierTrust.set(list);
  writeFileSync(trustListFile, JSON.stringify(list));
  let child: ChildProcess | undefined;
  const masterKey = randomBytes(32).toString('hex');
  const db = new pg.Client({ connectionString: databaseUrl });
  const agent = keepAliveAgent();
  try {
    const wallet = await spawnServe(0, {
      role: 'wallet',
      deployment: {
        ...newDeployment('postgres', 'unused').deployment,
        databaseUrl,
        schema,
        masterKey,
      },
      trustListFile,
      people: [person],
    });
    child = wallet.child;
    const idle = await idleUsage(child.pid);
    const auth = { authorization: `Bearer ${wallet.tokens![person]}`, accept: 'application/json' };
    const call = async (method: string, path: string, body?: unknown) => {
      const answer = await rawRequest(agent, `${wallet.url}${path}`, {
        method,
        headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (answer.status >= 300)
        throw new Error(`wallet ${method} ${path}: ${answer.status} ${answer.body.toString()}`);
      return { ms: answer.ms, body: JSON.parse(answer.body.toString() || '{}') as Record<string, unknown> };
    };
    /** Each operation's client steps; the time is only the wallet's answers. */
    const run: Record<Operation, () => Promise<number>> = {
      receive: async () => {
        const offer = await postJson(
          `${issuer.url}/af/offers`,
          {
            personal_identity_number: person,
            credential_configuration_ids: ['registration_certificate'],
            tx_code: true,
          },
          { authorization: `Bearer ${issuerDb.deployment.apiKeys.issuer}` },
        );
        if (offer.status !== 201) throw new Error(`offer: ${JSON.stringify(offer.body)}`);
        const received = await call('POST', '/api/credential-offers', {
          offer: offer.body.offer_link,
          tx_code: offer.body.tx_code,
        });
        const accepted = await call('POST', `/api/credential-offers/${String(received.body.id)}/accept`);
        return received.ms + accepted.ms;
      },
      // The first page as the web app asks for it (issue 24); BENCH_WALLET_PAGE='' asks for the
      // whole list and the log's first 1,000 as clients from before paging do.
      list: async () => (await call('GET', `/api/credentials${pageQuery}`)).ms,
      log: async () => (await call('GET', `/api/log${pageQuery}`)).ms,
      present: async () => {
        const created = await postJson(
          `${verifier.url}/api/presentation-requests`,
          { template: 'unemployment_claim' },
          { authorization: `Bearer ${verifierDb.deployment.apiKeys.insurer}` },
        );
        if (created.status !== 201) throw new Error(`presentation request: ${JSON.stringify(created.body)}`);
        const shown = await call('POST', '/api/presentation-requests', {
          request: created.body.openid4vp_url,
        });
        const sent = await call('POST', `/api/presentation-requests/${String(shown.body.id)}/response`, {
          decision: 'approve',
        });
        if (sent.body.delivered !== true) throw new Error('the presentation was not delivered');
        return shown.ms + sent.ms;
      },
    };
    // The measured account's own rows first: they are the templates of every clone.
    for (let i = 0; i < 3; i++) await run.receive();
    for (let i = 0; i < 3; i++) await run.present();
    // BENCH_WALLET_HELD_OF=other: the credentials the account grows by are of a type the insurer
    // does not ask for (Skatteverket's registered address), so the matcher's narrowing by vct
    // (issue 24) shows; by default (same) they are copies of the certificates it asks for.
    if (heldOf === 'other') {
      const offer = await postJson(
        `${issuer.url}/skatteverket/offers`,
        {
          personal_identity_number: person,
          credential_configuration_ids: ['registered_address'],
          tx_code: true,
        },
        { authorization: `Bearer ${issuerDb.deployment.apiKeys.issuer}` },
      );
      if (offer.status !== 201) throw new Error(`offer: ${JSON.stringify(offer.body)}`);
      const received = await call('POST', '/api/credential-offers', {
        offer: offer.body.offer_link,
        tx_code: offer.body.tx_code,
      });
      await call('POST', `/api/credential-offers/${String(received.body.id)}/accept`);
    }
    await db.connect();
    const accountId = (
      (await db.query(`SELECT id FROM ${schema}.wallet_account WHERE identity_number = $1`, [person]))
        .rows[0] as {
        id: string;
      }
    ).id;
    const columns = await columnsOf(db);

    const measure = async (axis: WalletScalePoint['axis']): Promise<WalletScalePoint> => {
      for (const t of ['wallet_account', 'wallet_credential', 'wallet_log_entry'])
        await db.query(`ANALYZE ${schema}.${t}`);
      for (const op of operations) await run[op](); // warm-up
      const floor = await measureCryptoFloor();
      const ops = {} as WalletScalePoint['ops'];
      for (const op of operations) {
        const statementsBefore = await statementsSent(child!);
        const before = cpuSeconds(child!.pid);
        const start = process.hrtime.bigint();
        const ms: number[] = [];
        for (let i = 0; i < options.rounds; i++) ms.push(await run[op]());
        const usedMs = (cpuSeconds(child!.pid) - before) * 1000;
        const statements = (await statementsSent(child!)) - statementsBefore;
        const idleMs = (idle.cpuMsPerSecond * Number(process.hrtime.bigint() - start)) / 1e9;
        ops[op] = {
          p50: round(median(ms), 2),
          p99: round(percentile(ms, 99), 2),
          cpuMs: round(usedMs / options.rounds, 2),
          idleCorrectedCpuMs: round((usedMs - idleMs) / options.rounds, 2),
          statements: round(statements / options.rounds, 1),
        };
      }
      const count = async (sql: string, parameters: unknown[] = []) =>
        Number((await db.query(sql, parameters)).rows[0].n);
      const point: WalletScalePoint = {
        axis,
        accounts: await count(`SELECT count(*) AS n FROM ${schema}.wallet_account`),
        held: await count(`SELECT count(*) AS n FROM ${schema}.wallet_credential WHERE account_id = $1`, [
          accountId,
        ]),
        floorMsPerOp: floor.msPerOp,
        ops,
        peakRssBytes: memoryOf(child!.pid).peakRssBytes,
        tableBytes: await count(
          `SELECT sum(pg_total_relation_size(c.oid)) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '${schema}' AND c.relkind = 'r'`,
        ),
        plans: await plans(db, accountId),
      };
      const { plans: _plans, ...shown } = point;
      process.stderr.write(`bench: wallet scale ${JSON.stringify(shown)}\n`);
      return point;
    };

    const points: WalletScalePoint[] = [];
    let have = 1;
    for (const accounts of options.accounts) {
      await seedAccounts(db, columns, accountId, have, accounts);
      have = Math.max(have, accounts);
      points.push(await measure('accounts'));
    }
    for (const held of options.held) {
      await seedHeld(db, columns.credential, accountId, held, masterKey);
      points.push(await measure('held'));
    }
    return { points, idleCpuMsPerSecond: round(idle.cpuMsPerSecond, 1), idleRssBytes: idle.rssBytes };
  } finally {
    agent.destroy();
    await db.end().catch(() => undefined);
    if (child) await stopServe(child);
    await verifier.stop();
    await issuer.stop();
    await verifierDb.database.cleanup();
    await issuerDb.database.cleanup();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Columns {
  account: string[];
  credential: string[];
  log: string[];
}

async function columnsOf(db: pg.Client): Promise<Columns> {
  const of = async (table: string) =>
    (
      await db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
        [schema, table],
      )
    ).rows.map((r: { column_name: string }) => r.column_name);
  return {
    account: await of('wallet_account'),
    credential: await of('wallet_credential'),
    log: await of('wallet_log_entry'),
  };
}

/** `INSERT … SELECT` of the template rows, cloned per generated row with the given column values. */
function cloneSql(table: string, columns: string[], values: Record<string, string>, from: string): string {
  const select = columns.map((c) => values[c] ?? `t.${c}`).join(', ');
  return `INSERT INTO ${schema}.${table} (${columns.join(', ')}) SELECT ${select} ${from}`;
}

/**
 * Accounts `from + 1`..`to` (the measured one is the first), each a clone of the measured
 * account (its wrapped data key too: the clones are never opened) with 10 credentials and 10
 * log entries cloned in turn from the measured account's own.
 */
async function seedAccounts(db: pg.Client, columns: Columns, template: string, from: number, to: number) {
  if (to <= from) return;
  const account = `'bench-account-' || g`;
  const templates = (table: string) =>
    `(SELECT *, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total FROM ${schema}.${table} WHERE account_id = '${template}') AS t`;
  const range = `generate_series($1::int, $2::int) AS g`;
  await db.query(
    cloneSql(
      'wallet_account',
      columns.account,
      { id: account, identity_number: `'3' || lpad(g::text, 11, '0')` },
      `FROM ${range} CROSS JOIN (SELECT * FROM ${schema}.wallet_account WHERE id = '${template}') AS t`,
    ),
    [from + 1, to],
  );
  for (const [table, cols] of [
    ['wallet_credential', columns.credential],
    ['wallet_log_entry', columns.log],
  ] as const) {
    await db.query(
      cloneSql(
        table,
        cols,
        { id: `'bench-' || g || '-' || j`, account_id: account },
        `FROM ${range} CROSS JOIN generate_series(1, 10) AS j JOIN ${templates(table)} ON t.k = j % t.total`,
      ),
      [from + 1, to],
    );
  }
}

/**
 * The measured account holds `held` credentials: copies of its own, each opened and sealed
 * again under its new id (a sealed value is bound to its row), as many as are missing.
 */
async function seedHeld(
  db: pg.Client,
  columns: string[],
  accountId: string,
  held: number,
  masterKey: string,
) {
  const templates = (
    await db.query(
      `SELECT id, sealed, wrapped FROM ${schema}.wallet_credential
         CROSS JOIN (SELECT wrapped_data_key AS wrapped FROM ${schema}.wallet_account WHERE id = $1) AS a
        WHERE account_id = $1 AND state = 'stored' AND ($2::text IS NULL OR configuration_id = $2) ORDER BY id`,
      [accountId, heldOf === 'other' ? 'registered_address' : null],
    )
  ).rows as Array<{ id: string; sealed: string; wrapped: string }>;
  const have = Number(
    (
      await db.query(`SELECT count(*) AS n FROM ${schema}.wallet_credential WHERE account_id = $1`, [
        accountId,
      ])
    ).rows[0].n,
  );
  if (held <= have || templates.length === 0) return;
  const key = createDataKeys(Buffer.from(masterKey, 'hex')).unwrapDataKey(accountId, templates[0].wrapped);
  const ids: string[] = [];
  const from: string[] = [];
  const sealed: string[] = [];
  for (let g = 0; g < held - have; g++) {
    const t = templates[g % templates.length];
    const id = randomUUID();
    ids.push(id);
    from.push(t.id);
    sealed.push(
      seal(
        key,
        credentialAad({ id, accountId }),
        open(key, credentialAad({ id: t.id, accountId }), t.sealed),
      ),
    );
  }
  await db.query(
    cloneSql(
      'wallet_credential',
      columns,
      { id: 'n.id', sealed: 'n.sealed', created_at: 't.created_at - n.k' },
      `FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS n(id, template, sealed, k)
         JOIN ${schema}.wallet_credential AS t ON t.id = n.template`,
    ),
    [ids, from, sealed],
  );
}

/** The plans of the measured account's list and log queries, as credential-store.ts and log-store.ts write them. */
async function plans(db: pg.Client, accountId: string): Promise<Record<string, string>> {
  const queries: Record<string, string> = {
    'GET /api/credentials (listCredentialPage)': `SELECT * FROM ${schema}.wallet_credential c WHERE c.account_id = $1 AND c.state IN ('stored') ORDER BY c.created_at DESC, c.id ASC${pageSize ? ` LIMIT ${Number(pageSize) + 1}` : ''}`,
    'GET /api/log (listLog)': `SELECT * FROM ${schema}.wallet_log_entry e WHERE e.account_id = $1 ORDER BY e.at DESC, e.id ASC LIMIT ${pageSize ? Number(pageSize) + 1 : 1001}`,
  };
  const out: Record<string, string> = {};
  for (const [name, sql] of Object.entries(queries)) {
    const rows = (await db.query(`EXPLAIN ${sql}`, [accountId])).rows as Array<{ 'QUERY PLAN': string }>;
    out[name] = rows.map((r) => r['QUERY PLAN']).join('\n');
  }
  return out;
}

const described: Record<Operation, string> = {
  receive:
    'receive + store: POST /api/credential-offers (the wallet fetches the offer, token, nonce and credential from the issuer and verifies it) + accept',
  list: pageSize
    ? `GET /api/credentials?limit=${pageSize} (the first page, as the web app asks; nothing opened)`
    : 'GET /api/credentials (the whole list, as before paging; nothing opened)',
  log: pageSize
    ? `GET /api/log?limit=${pageSize} (the first page)`
    : 'GET /api/log (the first 1,000 entries)',
  present:
    'present: POST /api/presentation-requests (request object fetched and verified, matches) + approve (presentation made and posted to the verifier)',
};

export function walletScaleResults(
  run: { points: WalletScalePoint[]; idleCpuMsPerSecond: number; idleRssBytes: number },
  rounds: number,
): BenchResult[] {
  const { points } = run;
  const floorMsPerOp = median(points.map((p) => p.floorMsPerOp));
  const out: BenchResult[] = [
    {
      name: 'scale-crypto-floor',
      unit: 'ops/s',
      value: round(1000 / floorMsPerOp, 0),
      references: {},
      curve: 'wallet',
      ms_per_op: round(floorMsPerOp, 4),
      ms_per_op_by_point: points.map((p) => round(p.floorMsPerOp, 4)),
      idle_cpu_ms_per_s: run.idleCpuMsPerSecond,
      idle_rss_mib: round(run.idleRssBytes / 1048576, 0),
      note: `one ES256 signature through the signing seam (in-process signer) + one ES256 verification, in the wallet curve’s client process at each point (median of the points; ${points.map((p) => round(p.floorMsPerOp, 3)).join(', ')} ms); the wallet idle: ${run.idleCpuMsPerSecond} ms CPU a second, RSS ${round(run.idleRssBytes / 1048576, 0)} MiB`,
    },
  ];
  for (const op of operations) {
    for (const axis of ['accounts', 'held'] as const) {
      const line = points.filter((p) => p.axis === axis);
      if (line.length === 0) continue;
      const curve = summariseCurve(
        line.map((p) => ({ size: axis === 'accounts' ? p.accounts : p.held, value: p.ops[op].p50 })),
      );
      for (const p of line) {
        out.push({
          name: `scale-wallet-${op}`,
          unit: 'ms',
          value: p.ops[op].p50,
          p99: p.ops[op].p99,
          references: {},
          database: 'postgres',
          axis,
          rows: p.accounts,
          held: p.held,
          cpu_ms_per_request: p.ops[op].cpuMs,
          idle_corrected_cpu_ms_per_request: p.ops[op].idleCorrectedCpuMs,
          floor_ms_per_op: round(p.floorMsPerOp, 4),
          cpu_vs_floor: round(timesFloor(p.ops[op].cpuMs, p.floorMsPerOp) ?? NaN, 1),
          peak_rss_mib: round(p.peakRssBytes / 1048576, 0),
          table_bytes: p.tableBytes,
          ...(op === 'list' || op === 'log' ? { plans: p.plans } : {}),
          note:
            `${described[op]}; ${p.accounts.toLocaleString('en-US')} accounts (10 credentials and 10 log entries each), ` +
            `the measured account holding ${p.held.toLocaleString('en-US')}; p50 of ${rounds}; wallet CPU ${p.ops[op].cpuMs} ms per operation ` +
            `(${round(p.ops[op].cpuMs / p.floorMsPerOp, 1)}× this point's floor; ${p.ops[op].idleCorrectedCpuMs} ms less its idle CPU), ${p.ops[op].statements} PostgreSQL statements per operation, peak RSS ${round(p.peakRssBytes / 1048576, 0)} MiB` +
            (p === line.at(-1) && line.length > 1
              ? `; along ${axis === 'accounts' ? 'the accounts' : 'the held credentials'}: ×${round(curve.growth, 2)}, exponent ${round(curve.exponent, 3)}`
              : ''),
        });
      }
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const accounts = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
  const held = (process.argv[3] ?? '10,100,1000').split(',').filter(Boolean).map(Number);
  const rounds = Number(process.argv[4] ?? 30);
  const run = await runWalletScale({ accounts, held, rounds });
  process.stdout.write(`${JSON.stringify(walletScaleResults(run, rounds))}\n`);
}
