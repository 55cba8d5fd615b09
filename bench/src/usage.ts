import { Agent, request } from 'node:http';
import { openDatabase } from '@min-profil/shared/db';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { encodeUsageCursor } from '@min-profil/issuer/usage/usage-cursor';
import { usagePersonKey } from '@min-profil/issuer/usage/person-key';
import { UsageRecordEntity } from '@min-profil/issuer/usage/usage-record-entity';
import { createUsageStore } from '@min-profil/issuer/usage/usage-store';
import type { BenchResult } from './results.js';
import { newDeployment, startIssuerInstance } from './services.js';
import { median, percentile, round } from './stats.js';

/**
 * "Who has used my data" at scale: one holder's usage log with `rows` rows on PostgreSQL
 * (people with 100 uses each, and one person with `personRows` spread over the whole time
 * range), then `GET /af/usage` for that person over HTTP: the first page, and a page from the
 * middle of their log by its cursor. p50 and p99 of `requests` sequential requests each.
 * The rows are made by one INSERT … SELECT generate_series; the access token is put in the
 * token table directly (no eID sign-in in a benchmark).
 */
const tolvan = '191212121212';

export async function runUsage(options: { rows: number; personRows: number; requests: number }) {
  const { deployment, database } = newDeployment('postgres', 'bench_usage');
  const issuer = await startIssuerInstance(deployment);
  const db = await openDatabase({
    url: database.url,
    schema: database.schema,
    entities: [UsageRecordEntity],
    migrations: [],
  });
  const table = `"${database.schema}".usage_record`;
  try {
    const secret = Buffer.from(deployment.codeSecret, 'hex');
    const now = Math.floor(Date.now() / 1000);
    const every = Math.max(1, Math.floor(options.rows / options.personRows));
    const seeded = Date.now();
    // A bulk load: the person index goes while the rows are written and comes back, as the
    // migration defined it, after (one sort instead of N random inserts into a B-tree).
    const [index] = (await db.dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'idx_usage_record_person'`,
      [database.schema],
    )) as Array<{ indexdef: string }>;
    await db.dataSource.query(`DROP INDEX "${database.schema}".idx_usage_record_person`);
    // Row g is the person's when g is a multiple of `every`; others belong to one of rows/100
    // people (keys shaped like HMACs). One use a minute, newest last.
    await db.dataSource.query(
      `INSERT INTO ${table} (holder_id, person_key, time, action, receiver_name, receiver_org_number,
         receiver_system, fields, purpose, legal_basis)
       SELECT 'af',
              CASE WHEN g % $2 = 0 THEN $3 ELSE encode(sha256(('p' || (g % $4))::bytea), 'base64') END,
              $5 - ($1 - g) * 60, 'lookup', 'Försäkringskassan', '202100-5521', 'Ersättning',
              '["given_name","family_name","registration_status"]', 'Kontroll av rätt till ersättning',
              '110 kap. 31 § socialförsäkringsbalken'
       FROM generate_series(1, $1) AS g`,
      [
        options.rows,
        every,
        usagePersonKey(secret, 'af', tolvan),
        Math.max(1, Math.floor(options.rows / 100)),
        now,
      ],
    );
    await db.dataSource.query(index.indexdef);
    await db.dataSource.query(`ANALYZE ${table}`);
    const seedSeconds = round((Date.now() - seeded) / 1000, 1);

    const token = randomToken();
    await db.dataSource.query(
      `INSERT INTO "${database.schema}".access_token
         (token_hash, holder_id, identity_number, configuration_ids, client_id, scopes, expires_at)
       VALUES ($1, 'af', $2, '[]', 'bench-wallet', '["usage_log"]', $3)`,
      [hashSecret(token), tolvan, now + 86_400],
    );
    const personKey = usagePersonKey(secret, 'af', tolvan);
    const [middle] = (await db.dataSource.query(
      `SELECT time, id FROM ${table} WHERE holder_id = 'af' AND person_key = $1
       ORDER BY time DESC, id DESC OFFSET $2 LIMIT 1`,
      [personKey, Math.floor(options.personRows / 2)],
    )) as Array<{ time: string; id: number }>;
    const later = encodeUsageCursor({ time: Number(middle.time), id: middle.id });
    // The plan of the issuer's own query for the later page (usage-store.ts).
    const [sql, parameters] = createUsageStore(db)
      .pageQuery({
        holderId: 'af',
        personKey,
        limit: 21,
        after: { time: Number(middle.time), id: middle.id },
      })
      .getQueryAndParameters();
    const plan = (
      (await db.dataSource.query(`EXPLAIN ${sql}`, parameters)) as Array<{ 'QUERY PLAN': string }>
    )
      .map((row) =>
        row['QUERY PLAN']
          .trim()
          .replace(/^->\s*/, '')
          .replace(/\s+\(cost.*$/, ''),
      )
      .filter((line) => /Scan|Index Cond/.test(line))
      .join('; ')
      .replace(/'[A-Za-z0-9_-]{40,}'/g, "'<person key>'");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${issuer.url}${path}`, { agent, headers: { authorization: `Bearer ${token}` } });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const measure = async (
      name: 'usage-first-page' | 'usage-later-page',
      path: string,
    ): Promise<BenchResult> => {
      const check = await get(path);
      if (check.status !== 200 || (JSON.parse(check.body) as { usage: unknown[] }).usage.length !== 20) {
        throw new Error(`${path} answered ${check.status}`);
      }
      for (let i = 0; i < 20; i++) await get(path);
      const ms: number[] = [];
      for (let i = 0; i < options.requests; i++) {
        const start = process.hrtime.bigint();
        await get(path);
        ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return {
        name,
        unit: 'ms',
        value: round(median(ms), 2),
        p99: round(percentile(ms, 99), 2),
        references: {},
        database: 'postgres',
        rows: options.rows,
        note:
          `${options.rows.toLocaleString('en-US')} rows at one holder (seeded in ${seedSeconds} s), the person's ` +
          `${options.personRows.toLocaleString('en-US')} spread through them; ${options.requests} sequential ` +
          `requests of 20 entries over HTTP keep-alive after 20 warm-up${name === 'usage-later-page' ? `, from the cursor halfway down the person's log` : ''}; plan: ${plan}`,
      };
    };
    try {
      return [
        await measure('usage-first-page', '/af/usage'),
        await measure('usage-later-page', `/af/usage?cursor=${later}`),
      ];
    } finally {
      agent.destroy();
    }
  } finally {
    await db.close();
    await issuer.stop();
    await database.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? process.env.BENCH_USAGE_ROWS ?? 1_000_000);
  const requests = Number(process.argv[3] ?? 300);
  const results = await runUsage({ rows, personRows: Math.min(10_000, Math.floor(rows / 10)), requests });
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
