import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { DatabaseKind } from '@min-profil/shared/db';
import type { Logger } from '@min-profil/shared/logger';
import type { OutboundSettings } from '@min-profil/shared/net/outbound-config';
import { createTestDatabase, type TestDatabase } from '@min-profil/shared/testing/test-database';
import type { TrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import { buildWalletApp } from '../src/app.js';
import type { EidSettings, WalletContext, WalletSettings } from '../src/context.js';
import { createWalletContext } from '../src/create-wallet-context.js';

export interface RunningWallet {
  ctx: WalletContext;
  /** The express app it serves (to read its routes). */
  app: Express;
  baseUrl: string;
  database: TestDatabase;
  masterKey: string;
  kmsKey: string;
  advanceClock(seconds: number): void;
  stop(): Promise<void>;
}

/**
 * A real wallet on 127.0.0.1 with a fresh database; listens first so its redirect URIs carry
 * the real port (the eID provider is told about them by the `eid` function).
 */
export async function startWallet(
  kind: DatabaseKind,
  options: {
    trustList: TrustListSource;
    eid?: EidSettings | ((walletBaseUrl: string) => Promise<EidSettings>);
    settings?: Partial<WalletSettings>;
    /** To read what the wallet logs. */
    logger?: Logger;
    /** The outbound policy beyond ALLOW_INSECURE_URLS (listed origins, a resolver). */
    outbound?: OutboundSettings;
    /** The host name of its public origin: `localhost` for WebAuthn, which refuses IP addresses. */
    publicHost?: string;
  },
): Promise<RunningWallet> {
  const database = createTestDatabase(kind, 'wallet');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://${options.publicHost ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  let offset = 0;
  const masterKey = randomBytes(32).toString('hex');
  const kmsKey = randomBytes(32).toString('hex');
  const ctx = await createWalletContext({
    baseUrl,
    databaseUrl: database.url,
    schema: database.schema,
    kmsSecretKey: kmsKey,
    masterKey,
    eid: typeof options.eid === 'function' ? await options.eid(baseUrl) : options.eid,
    trustList: options.trustList,
    allowInsecureUrls: true,
    demoOutbox: true,
    logger: options.logger,
    // Housekeeping only where a test sets an interval, so moving the clock loses no rows.
    settings: { housekeepingIntervalMs: 0, ...options.settings },
    outbound: options.outbound,
    // The service clock in ms (ctx.now() is its whole seconds); advanceClock moves both.
    clock: () => Date.now() + offset * 1000,
  });
  const app = buildWalletApp(ctx);
  server.on('request', app);
  return {
    ctx,
    app,
    baseUrl,
    database,
    masterKey,
    kmsKey,
    advanceClock: (seconds) => {
      offset += seconds;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.close();
      await database.cleanup();
    },
  };
}
