import { createServer, request as httpRequest, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DatabaseKind } from '@min-profil/shared/db';
import { createTestDatabase, type TestDatabase } from '@min-profil/shared/testing/test-database';
import type { TrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import { buildIssuerApp } from '../issuer/src/app.js';
import type { EidSettings as IssuerEidSettings, IssuerContext } from '../issuer/src/context.js';
import { createIssuerContext } from '../issuer/src/create-issuer-context.js';
import { demoHolderIds } from '../issuer/src/holders/catalog.js';
import { createStaffKeyRing } from '../issuer/src/staff-keys/staff-key-ring.js';
import { buildVerifierApp } from '../verifier/src/app.js';
import type { VerifierContext } from '../verifier/src/context.js';
import { createVerifierContext } from '../verifier/src/create-verifier-context.js';
import { buildWalletApp } from '../wallet/src/app.js';
import type { EidSettings as WalletEidSettings, WalletContext } from '../wallet/src/context.js';
import { createWalletContext } from '../wallet/src/create-wallet-context.js';

/**
 * N instances of a service behind a round-robin load balancer, as production runs them: one
 * public URL (the balancer's), one database, one set of secrets; every request the balancer
 * forwards goes to the next instance, so consecutive steps of a flow land on different ones.
 */
export interface Balancer {
  url: string;
  /** How many requests each instance got, in order. */
  counts: number[];
  setBackends(urls: string[]): void;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A small HTTP reverse proxy that hands each request to the next backend in turn. */
export async function startBalancer(): Promise<Balancer> {
  let backends: string[] = [];
  let next = 0;
  const counts: number[] = [];
  const server = createServer((req, res) => {
    const index = next++ % backends.length;
    counts[index] = (counts[index] ?? 0) + 1;
    const target = new URL(req.url ?? '/', backends[index]);
    const upstream = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host }, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
  const url = await listen(server);
  return {
    url,
    counts,
    setBackends: (urls) => {
      backends = urls;
      counts.length = 0;
      counts.push(...urls.map(() => 0));
    },
    close: () => closeServer(server),
  };
}

/** What the instances of one deployment share. */
export interface Deployment {
  publicUrl: string;
  database: TestDatabase;
  kmsKey: string;
  secret: string;
  apiKeys: Record<string, string>;
}

export function createDeployment(kind: DatabaseKind, name: string, publicUrl: string): Deployment {
  return {
    publicUrl,
    database: createTestDatabase(kind, name),
    kmsKey: randomBytes(32).toString('hex'),
    secret: randomBytes(32).toString('hex'),
    apiKeys: {
      issuer: randomBytes(32).toString('hex'),
      insurer: randomBytes(32).toString('hex'),
      university: randomBytes(32).toString('hex'),
      'af-praktik': randomBytes(32).toString('hex'),
    },
  };
}

export interface Instance<C> {
  ctx: C;
  url: string;
  stop(): Promise<void>;
}

/** One issuer instance of the deployment (start them one after the other: the first seeds). */
export async function startIssuerInstance(
  deployment: Deployment,
  eid: IssuerEidSettings,
): Promise<Instance<IssuerContext>> {
  const server = createServer();
  const url = await listen(server);
  const ctx = await createIssuerContext({
    baseUrl: deployment.publicUrl,
    databaseUrl: deployment.database.url,
    schema: deployment.database.schema,
    kmsSecretKey: deployment.kmsKey,
    codeSecret: deployment.secret,
    staffKeys: createStaffKeyRing(
      { everyHolderStaff: deployment.apiKeys.issuer },
      { holderIds: demoHolderIds },
    ),
    eid,
    seedDemoRegister: true,
  });
  server.on('request', buildIssuerApp(ctx));
  return { ctx, url, stop: async () => (await closeServer(server), await ctx.close()) };
}

export async function startVerifierInstance(
  deployment: Deployment,
  options: { trustList: TrustListSource; issuerBaseUrl: string; walletBaseUrl: string },
): Promise<Instance<VerifierContext>> {
  const server = createServer();
  const url = await listen(server);
  const { issuer: _issuer, ...apiKeys } = deployment.apiKeys;
  const ctx = await createVerifierContext({
    baseUrl: deployment.publicUrl,
    databaseUrl: deployment.database.url,
    schema: deployment.database.schema,
    kmsSecretKey: deployment.kmsKey,
    apiKeys,
    trustList: options.trustList,
    settings: {
      webhookRetryDelayMs: 50,
      issuerBaseUrl: options.issuerBaseUrl,
      walletBaseUrl: options.walletBaseUrl,
    },
    allowInsecureUrls: true,
  });
  server.on('request', buildVerifierApp(ctx));
  return {
    ctx,
    url,
    stop: async () => {
      await closeServer(server);
      await ctx.webhooks.idle();
      await ctx.close();
    },
  };
}

/** A wallet instance: the same database, master key, KMS key and public URL as its siblings. */
export async function startWalletInstance(
  deployment: Deployment,
  options: { trustList: TrustListSource; eid: WalletEidSettings },
): Promise<Instance<WalletContext>> {
  const server = createServer();
  const url = await listen(server);
  const ctx = await createWalletContext({
    baseUrl: deployment.publicUrl,
    databaseUrl: deployment.database.url,
    schema: deployment.database.schema,
    kmsSecretKey: deployment.kmsKey,
    masterKey: deployment.secret,
    eid: options.eid,
    trustList: options.trustList,
    allowInsecureUrls: true,
  });
  server.on('request', buildWalletApp(ctx));
  return { ctx, url, stop: async () => (await closeServer(server), await ctx.close()) };
}
