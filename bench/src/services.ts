import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DatabaseKind } from '@min-profil/shared/db';
import { createTestDatabase, type TestDatabase } from '@min-profil/shared/testing/test-database';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import type { TrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { buildIssuerApp } from '@min-profil/issuer/app';
import { createIssuerContext } from '@min-profil/issuer/create-issuer-context';
import { demoHolderIds } from '@min-profil/issuer/holders/catalog';
import { createStaffKeyRing } from '@min-profil/issuer/staff-keys/staff-key-ring';
import { buildVerifierApp } from '@min-profil/verifier/app';
import { createVerifierContext } from '@min-profil/verifier/create-verifier-context';
import { buildWalletApp } from '@min-profil/wallet/app';
import { ensureAccount } from '@min-profil/wallet/accounts/accounts';
import { createWalletContext } from '@min-profil/wallet/create-wallet-context';
import { createPersonalToken } from '@min-profil/wallet/tokens/create-personal-token';

/**
 * The services as the benchmarks run them: the real apps on 127.0.0.1, port 0, a fresh
 * database (a temporary SQLite file or a new PostgreSQL schema), rate limits lifted.
 */
export const holderIds = ['af', 'skatteverket', 'migrationsverket', 'skola'];
const noRateLimit = { rateLimitPerMinute: 100_000_000 };

async function listen(): Promise<{ server: Server; url: string }> {
  const server = createServer();
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Everything a second instance needs to join the first one's deployment. */
export interface Deployment {
  kind: DatabaseKind;
  databaseUrl: string;
  schema: string;
  baseUrl: string;
  kmsKey: string;
  codeSecret: string;
  apiKeys: Record<string, string>;
}

export interface RunningService {
  url: string;
  deployment: Deployment;
  stop(): Promise<void>;
}

export function newDeployment(
  kind: DatabaseKind,
  name: string,
): { deployment: Omit<Deployment, 'baseUrl'>; database: TestDatabase } {
  const database = createTestDatabase(kind, name);
  return {
    database,
    deployment: {
      kind,
      databaseUrl: database.url,
      schema: database.schema,
      kmsKey: randomBytes(32).toString('hex'),
      codeSecret: randomBytes(32).toString('hex'),
      apiKeys: {
        issuer: randomBytes(32).toString('hex'),
        insurer: randomBytes(32).toString('hex'),
        university: randomBytes(32).toString('hex'),
        'af-praktik': randomBytes(32).toString('hex'),
      },
    },
  };
}

/** One issuer instance; `deployment.baseUrl` absent means "this is the first: announce my URL". */
export async function startIssuerInstance(
  deployment: Omit<Deployment, 'baseUrl'> & { baseUrl?: string },
): Promise<RunningService> {
  const { server, url } = await listen();
  const baseUrl = deployment.baseUrl ?? url;
  const ctx = await createIssuerContext({
    baseUrl,
    databaseUrl: deployment.databaseUrl,
    schema: deployment.schema,
    kmsSecretKey: deployment.kmsKey,
    codeSecret: deployment.codeSecret,
    staffKeys: createStaffKeyRing(
      { everyHolderStaff: deployment.apiKeys.issuer },
      { holderIds: demoHolderIds },
    ),
    seedDemoRegister: true,
    settings: noRateLimit,
  });
  server.on('request', buildIssuerApp(ctx));
  return {
    url,
    deployment: { ...deployment, baseUrl },
    stop: async () => {
      await close(server);
      await ctx.close();
    },
  };
}

export async function startVerifierInstance(
  deployment: Omit<Deployment, 'baseUrl'> & { baseUrl?: string },
  options: { trustList: TrustListSource; issuerBaseUrl: string },
): Promise<RunningService & { runHousekeeping(): Promise<void> }> {
  const { server, url } = await listen();
  const baseUrl = deployment.baseUrl ?? url;
  const { issuer: _issuer, ...apiKeys } = deployment.apiKeys;
  const ctx = await createVerifierContext({
    baseUrl,
    databaseUrl: deployment.databaseUrl,
    schema: deployment.schema,
    kmsSecretKey: deployment.kmsKey,
    apiKeys,
    trustList: options.trustList,
    settings: { ...noRateLimit, issuerBaseUrl: options.issuerBaseUrl },
    allowInsecureUrls: true,
  });
  server.on('request', buildVerifierApp(ctx));
  return {
    url,
    deployment: { ...deployment, baseUrl },
    runHousekeeping: () => ctx.housekeeping.runOnce(),
    stop: async () => {
      await close(server);
      await ctx.webhooks.idle();
      await ctx.close();
    },
  };
}

/**
 * The wallet service (no eID: the people it serves use personal access tokens, made here for
 * `people`, as `npm run wallet:token` makes them), its API rate limits lifted.
 */
export async function startWalletInstance(
  deployment: Omit<Deployment, 'baseUrl'> & { masterKey: string },
  options: { trustList: TrustListSource; people: string[] },
): Promise<RunningService & { tokens: Record<string, string> }> {
  const { server, url } = await listen();
  const ctx = await createWalletContext({
    baseUrl: url,
    databaseUrl: deployment.databaseUrl,
    schema: deployment.schema,
    kmsSecretKey: deployment.kmsKey,
    masterKey: deployment.masterKey,
    trustList: options.trustList,
    allowInsecureUrls: true,
    settings: {
      rateLimitPerMinute: 100_000_000,
      tokenRateLimitPerMinute: 100_000_000,
      housekeepingIntervalMs: 0,
    },
  });
  server.on('request', buildWalletApp(ctx));
  const tokens: Record<string, string> = {};
  for (const person of options.people) {
    const account = await ensureAccount(ctx, person);
    tokens[person] = (await createPersonalToken(ctx, account.id, 'bench')).token;
  }
  return {
    url,
    tokens,
    deployment: { ...deployment, baseUrl: url },
    stop: async () => {
      await close(server);
      await ctx.close();
    },
  };
}

/** The operator's trust list, built from what the running issuer and verifier publish. */
export async function buildBenchTrustList(issuerUrl: string, verifierUrl: string): Promise<TrustList> {
  const issuers = await Promise.all(
    holderIds.map((id) => fetchTrustedIssuer({ id, credentialIssuer: `${issuerUrl}/${id}` })),
  );
  const consumers = ((await (await fetch(`${verifierUrl}/api/consumers`)).json()) as { consumers: never[] })
    .consumers;
  return buildTrustList({ operator: 'bench operator', issuers, consumers, registrations: demoRegistrations });
}

export function mutableTrustList(): TrustListSource & { set(list: TrustList): void; list?: TrustList } {
  const source: TrustListSource & { set(list: TrustList): void; list?: TrustList } = {
    set: (list) => {
      source.list = list;
    },
    get: async () => {
      if (!source.list) throw new Error('no trust list yet');
      return source.list;
    },
  };
  return source;
}
