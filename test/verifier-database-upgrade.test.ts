import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '@min-profil/shared/db';
import {
  createTestDatabase,
  testDatabaseKinds,
  type TestDatabase,
} from '@min-profil/shared/testing/test-database';
import { createDataSealer } from '../verifier/src/crypto/data-sealer.js';
import { ApprovalEntity } from '../verifier/src/persistence/approval-entities.js';
import { verifierEntities, type PresentationRequestRow } from '../verifier/src/persistence/entities.js';
import { verifierMigrations } from '../verifier/src/persistence/migrations/index.js';
import { createVerifierStore } from '../verifier/src/persistence/verifier-store.js';
import { presentationRequestRow } from '../verifier/src/persistence/testing/presentation-request-row.js';

/**
 * The housekeeping indexes (migration 1766500000000) on a database the previous version wrote:
 * the migration builds them from the rows there, the housekeeping's statements act on exactly
 * the rows they did before, and each statement is served by its index (not a scan of the
 * table, which grows with every answered request: docs/benchmarks.md).
 */
const now = Math.floor(Date.now() / 1000);
const day = 86_400;
const cuts = {
  unansweredPageBefore: now - 60,
  unansweredApiBefore: now - 60 - day,
  answeredPageBefore: now - 30 * day,
  approvedBefore: now - 365 * day,
};
const key = randomBytes(32);
const sealer = createDataSealer(() => key);

function request(id: string, fields: Partial<PresentationRequestRow>): PresentationRequestRow {
  return presentationRequestRow(id, {
    purpose: 'upgrade test',
    createdAt: now - 400 * day,
    expiresAt: now + 600,
    ...fields,
  });
}

const answered = { status: 'verified' as const, respondedAt: now - 400 * day, completedAt: now - 400 * day };

/** Rows as the previous version wrote them, one for each case the housekeeping tells apart. */
async function writeRowsOfThePreviousVersion(db: Database): Promise<void> {
  const store = createVerifierStore(db, sealer);
  const rows = [
    request('claims-expired', { ...answered, expiresAt: now - 10 }),
    request('claims-kept', { ...answered, expiresAt: now - 10 }),
    request('key-expired', {
      responseMode: 'direct_post.jwt',
      responseEncryptionKey: 'sealed',
      expiresAt: now - 10,
    }),
    request('key-open', { responseMode: 'direct_post.jwt', responseEncryptionKey: 'sealed' }),
    request('page-unanswered-expired', { pageSession: 'page', expiresAt: now - 3600 }),
    request('api-unanswered-expired', { expiresAt: now - 2 * day }),
    request('api-unanswered-recent', { expiresAt: now - 3600 }),
    request('page-answered-old', { ...answered, pageSession: 'page', expiresAt: now - 60 * day }),
    request('page-answered-recent', { ...answered, pageSession: 'page', expiresAt: now - day }),
    request('api-answered-old', { ...answered, expiresAt: now - 400 * day }),
    request('approved-old', { ...answered, pageSession: 'page', expiresAt: now - 400 * day }),
    request('approved-recent', { ...answered, pageSession: 'page', expiresAt: now - 60 * day }),
  ];
  for (const row of rows) await store.insertRequest(row);
  const claims = { q: [{ issuer: 'https://issuer.example', vct: 'urn:test', given_name: 'Test' }] };
  await store.completeRequest('claims-expired', {
    status: 'verified',
    checks: [],
    claims,
    claimsExpireAt: now - 1,
    now,
  });
  await store.completeRequest('claims-kept', {
    status: 'verified',
    checks: [],
    claims,
    claimsExpireAt: now + day,
    now,
  });
  for (const [id, approvedAt] of [
    ['approved-old', now - 400 * day],
    ['approved-recent', now - 60 * day],
  ] as const) {
    await db.dataSource.manager.getRepository(ApprovalEntity).insert({
      id,
      consumerId: 'insurer',
      title: 'Avtal',
      mediaType: 'text/plain',
      document: 'ZG9j',
      documentHash: 'hash',
      documentToken: `token-${id}`,
      transactionData: 'data',
      receiptId: `receipt-${id}`,
      receipt: 'receipt',
      evidence: null,
      approvedAt,
      createdAt: approvedAt,
    });
  }
}

/** Records every statement sent, to read back the ones the store writes. */
function recordQueries(db: Database): string[][] {
  const seen: string[][] = [];
  const logger: Database['dataSource']['logger'] = {
    logQuery: (query: string, parameters?: unknown[]) =>
      void seen.push([query, JSON.stringify(parameters ?? [])]),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  Object.assign(db.dataSource, { logger });
  return seen;
}

/** The plan of a statement: with sequential scans priced out on PostgreSQL, so the plan shows which index can serve it. */
async function planOf(
  db: Database,
  runner: ReturnType<Database['dataSource']['createQueryRunner']>,
  [sql, parameters]: string[],
): Promise<string> {
  const params = JSON.parse(parameters!) as unknown[];
  if (db.kind === 'postgres') {
    const rows = (await runner.query(`EXPLAIN ${sql}`, params)) as Array<{ 'QUERY PLAN': string }>;
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }
  const rows = (await runner.query(`EXPLAIN QUERY PLAN ${sql}`, params)) as Array<{ detail: string }>;
  return rows.map((row) => row.detail).join('\n');
}

describe.each(testDatabaseKinds())(
  'the verifier database upgraded to the housekeeping indexes on %s',
  (kind) => {
    let database: TestDatabase;
    let db: Database;
    beforeAll(async () => {
      database = createTestDatabase(kind, 'verifier_upgrade');
      const previous = await openDatabase({
        url: database.url,
        schema: database.schema,
        entities: verifierEntities,
        migrations: verifierMigrations.slice(0, -1),
      });
      try {
        await writeRowsOfThePreviousVersion(previous);
      } finally {
        await previous.close();
      }
      db = await openDatabase({
        url: database.url,
        schema: database.schema,
        entities: verifierEntities,
        migrations: verifierMigrations,
      });
    });
    afterAll(async () => {
      await db?.close();
      await database?.cleanup();
    });

    it('lists the purgeable requests as before, one batch at a time', async () => {
      const store = createVerifierStore(db, sealer);
      const expected = [
        'approved-old',
        'api-unanswered-expired',
        'page-answered-old',
        'page-unanswered-expired',
      ];
      expect((await store.listPurgeableRequestIds(cuts, 500)).sort()).toEqual(expected.sort());
      const first = await store.listPurgeableRequestIds(cuts, 3);
      expect(first).toHaveLength(3);
      expect(expected).toEqual(expect.arrayContaining(first));
    });

    it('serves each housekeeping statement from its index, and acts on the same rows', async () => {
      const store = createVerifierStore(db, sealer);
      const seen = recordQueries(db);
      const statement = async (run: () => Promise<unknown>) => {
        const from = seen.length;
        const result = await run();
        return {
          result,
          sent: seen.slice(from).filter(([sql]) => !/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql!)),
        };
      };
      const claims = await statement(() => store.purgeExpiredClaims(now));
      const keys = await statement(() => store.deleteExpiredEncryptionKeys(now));
      const purgeable = await statement(() => store.listPurgeableRequestIds(cuts, 500));
      expect(claims.result).toBe(1);
      expect(keys.result).toBe(1);
      expect((await store.findRequest('claims-expired'))!.claims).toBeNull();
      expect((await store.findRequest('claims-kept'))!.claims).not.toBeNull();
      expect((await store.findRequest('key-expired'))!.responseEncryptionKey).toBe('deleted');
      expect((await store.findRequest('key-open'))!.responseEncryptionKey).toBe('sealed');

      const expected = [
        'idx_presentation_request_claims_expiry',
        'idx_presentation_request_key_expiry',
        'idx_presentation_request_unanswered_expiry',
        'idx_presentation_request_unanswered_expiry',
        'idx_presentation_request_answered_page_expiry',
        'idx_approval_request_approved',
      ];
      const sent = [...claims.sent, ...keys.sent, ...purgeable.sent];
      expect(sent).toHaveLength(expected.length);
      /** The plan of each statement sent, read in one transaction that is rolled back. */
      const readPlans = async (): Promise<string[]> => {
        const runner = db.dataSource.createQueryRunner();
        try {
          await runner.startTransaction();
          if (kind === 'postgres') {
            // The planner picks among usable indexes by cost, which on a dozen rows says little:
            // with sequential scans priced out and the general expiry index dropped (rolled
            // back), a plan names the partial index only if the statement's condition implies
            // the index's.
            await runner.query('SET LOCAL enable_seqscan = off');
            await runner.query('DROP INDEX idx_presentation_request_expiry');
          }
          const out: string[] = [];
          for (const one of sent) out.push(await planOf(db, runner, one));
          return out;
        } finally {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          await runner.release();
        }
      };
      // An index built over rows the previous version updated in place (HOT updates, here the
      // claims) is marked `indcheckxmin` by PostgreSQL: plans ignore it until every transaction
      // older than the index has ended, which on a shared server can take a moment.
      const deadline = Date.now() + 60_000;
      let plans = await readPlans();
      while (kind === 'postgres' && !plans.every((plan, i) => plan.includes(expected[i]!))) {
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
        plans = await readPlans();
      }
      plans.forEach((plan, i) => expect(plan).toContain(expected[i]));
      for (const plan of plans) expect(plan).not.toMatch(/Seq Scan|SCAN r\b|SCAN presentation_request\b/);
    });

    it('can be undone and run again', async () => {
      await db.dataSource.undoLastMigration();
      expect(await db.dataSource.showMigrations()).toBe(true);
      await db.dataSource.runMigrations();
      expect(await db.dataSource.showMigrations()).toBe(false);
    });
  },
);
