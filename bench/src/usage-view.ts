import { createServer } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { openDatabase } from '@min-profil/shared/db';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { createTestDatabase } from '@min-profil/shared/testing/test-database';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { usagePersonKey } from '@min-profil/issuer/usage/person-key';
import { UsageRecordEntity } from '@min-profil/issuer/usage/usage-record-entity';
import { ensureAccount } from '@min-profil/wallet/accounts/accounts';
import { buildWalletApp } from '@min-profil/wallet/app';
import { createWalletContext } from '@min-profil/wallet/create-wallet-context';
import { sessionCookieName } from '@min-profil/wallet/http/authenticate';
import { sealHolderTokens } from '@min-profil/wallet/usage/holder-tokens';
import type { BenchResult } from './results.js';
import { holderIds, newDeployment, startIssuerInstance } from './services.js';
import { median, percentile, round } from './stats.js';

/**
 * "Vem har tagit del?" as the person sees it: the wallet's merged view in Chromium for a person
 * with `perHolder` uses at each of the four holders (issue #19: 4 × 1,000, first page under
 * 500 ms). The real issuer (PostgreSQL) holds the usage rows and the real wallet (its own
 * PostgreSQL schema) serves the built page and asks every holder in parallel. What is not done
 * through the browser: the rows are inserted by SQL, the holders' `usage_log` access tokens put
 * in the issuer's token table, and the person's session and holder connections stored through
 * the wallet's own functions (no eID sign-in in a benchmark). A round is one page load of
 * `/usage` until every holder's line says it is done and the list holds every holder's first
 * page (100 entries each).
 */
const tolvan = '191212121212';
const holderPage = 100;
/** The entries the view draws at first (wallet/web/src/views/usage/usage.tsx). */
const viewPage = 50;

export async function runUsageView(options: { perHolder: number; rounds: number }): Promise<BenchResult[]> {
  const { deployment, database } = newDeployment('postgres', 'bench_usage_view');
  const issuer = await startIssuerInstance(deployment);
  const walletDatabase = createTestDatabase('postgres', 'bench_usage_view_wallet');
  const db = await openDatabase({
    url: database.url,
    schema: database.schema,
    entities: [UsageRecordEntity],
    migrations: [],
  });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const walletUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuers = await Promise.all(
    holderIds.map((id) => fetchTrustedIssuer({ id, credentialIssuer: `${issuer.url}/${id}` })),
  );
  const list = buildTrustList({ operator: 'bench operator', issuers, consumers: [], registrations: [] });
  const ctx = await createWalletContext({
    baseUrl: walletUrl,
    databaseUrl: walletDatabase.url,
    schema: walletDatabase.schema,
    kmsSecretKey: randomBytes(32).toString('hex'),
    masterKey: randomBytes(32).toString('hex'),
    trustList: { get: async () => list },
    allowInsecureUrls: true,
    settings: { housekeepingIntervalMs: 0, rateLimitPerMinute: 100_000 },
  });
  server.on('request', buildWalletApp(ctx));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const secret = Buffer.from(deployment.codeSecret, 'hex');
    const now = Math.floor(Date.now() / 1000);
    const account = await ensureAccount(ctx, tolvan);
    for (const holder of holderIds) {
      // One use a minute at each holder, newest last.
      await db.dataSource.query(
        `INSERT INTO "${database.schema}".usage_record (holder_id, person_key, time, action, receiver_name,
           receiver_org_number, receiver_system, fields, purpose, legal_basis)
         SELECT $1, $2, $3 - g * 60, 'lookup', 'Försäkringskassan', '202100-5521', 'Ersättning',
                '["given_name","family_name"]', 'Kontroll av rätt till ersättning',
                '110 kap. 31 § socialförsäkringsbalken'
         FROM generate_series(1, $4) AS g`,
        [holder, usagePersonKey(secret, holder, tolvan), now, options.perHolder],
      );
      const token = randomToken();
      await db.dataSource.query(
        `INSERT INTO "${database.schema}".access_token
           (token_hash, holder_id, identity_number, configuration_ids, client_id, scopes, expires_at)
         VALUES ($1, $2, $3, '[]', 'min-profil-wallet', '["usage_log"]', $4)`,
        [hashSecret(token), holder, tolvan, now + 86_400],
      );
      const id = randomUUID();
      await ctx.store.replaceHolderConnection({
        id,
        accountId: account.id,
        credentialIssuer: `${issuer.url}/${holder}`,
        sealed: sealHolderTokens(
          ctx,
          account,
          { id },
          {
            refreshToken: randomToken(),
            accessToken: token,
            accessTokenExpiresAt: now + 86_400,
          },
        ),
        connectedAt: now,
        refreshLeaseUntil: null,
      });
    }
    const session = randomToken();
    await ctx.store.insertSession({
      idHash: hashSecret(session),
      accountId: account.id,
      csrfToken: randomToken(),
      createdAt: now,
      expiresAt: now + 86_400,
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' });
    await context.addCookies([{ name: sessionCookieName, value: session, url: walletUrl }]);
    const page = await context.newPage();
    const expected = Math.min(viewPage, holderIds.length * Math.min(holderPage, options.perHolder));
    const load = async () => {
      const start = process.hrtime.bigint();
      await page.goto(`${walletUrl}/usage`);
      await page.waitForFunction(
        ([holders, entries]) => {
          // Runs in the page; the bench compiles without the DOM's types.
          const d = (
            globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
          ).document;
          return (
            d.querySelectorAll('li.usage-source[data-state="done"]').length === holders &&
            d.querySelectorAll('ol.timeline > li').length >= entries
          );
        },
        [holderIds.length, expected] as const,
        { timeout: 60_000, polling: 'raf' },
      );
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    for (let i = 0; i < 3; i++) await load();
    const ms: number[] = [];
    for (let i = 0; i < options.rounds; i++) ms.push(await load());
    return [
      {
        name: 'usage-merged-view',
        unit: 'ms',
        value: round(median(ms), 1),
        p99: round(percentile(ms, 99), 1),
        references: {},
        database: 'postgres',
        note:
          `Chromium at 390 px: /usr/bin/chromium loads the wallet's /usage until ${holderIds.length} holders ` +
          `(${options.perHolder.toLocaleString('en-US')} uses each; their first pages of ${holderPage} asked in parallel) ` +
          `are done and the view's first page (${expected} entries) is drawn, with the wallet's log and consent records; ` +
          `${options.rounds} page loads after 3 warm-up; issuer and wallet in one process`,
      },
    ];
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await ctx.close();
    await db.close();
    await issuer.stop();
    await walletDatabase.cleanup();
    await database.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const perHolder = Number(process.argv[2] ?? 1000);
  const rounds = Number(process.argv[3] ?? 20);
  const results = await runUsageView({ perHolder, rounds });
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
