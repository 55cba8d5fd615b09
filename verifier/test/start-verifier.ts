import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { DatabaseKind } from '@min-profil/shared/db';
import type { Logger } from '@min-profil/shared/logger';
import type { OutboundSettings } from '@min-profil/shared/net/outbound-config';
import type { OutboxMetrics } from '@min-profil/shared/outbox/outbox-port';
import type { Pkcs11TokenConfig } from '@min-profil/shared/signing/pkcs11-token';
import { createTestDatabase, type TestDatabase } from '@min-profil/shared/testing/test-database';
import type { TrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { buildVerifierApp } from '../src/app.js';
import type { VerifierContext, VerifierSettings } from '../src/context.js';
import { createVerifierContext } from '../src/create-verifier-context.js';
import type { AccessCertificateSource } from '../src/consumers/access-certificates.js';
import type { ConsumerProfile } from '../src/consumers/consumer-profile.js';
import type { ClientIdPrefix } from '../src/consumers/client-identifier.js';

export interface RunningVerifier {
  ctx: VerifierContext;
  /** The express app it serves (to read its routes). */
  app: Express;
  /** Where this instance listens. */
  url: string;
  /** The public origin it announces (the same for every instance behind one load balancer). */
  baseUrl: string;
  apiKeys: Record<string, string>;
  database: TestDatabase;
  kmsSecretKey: string;
  advanceClock(seconds: number): void;
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

/** A trust list the test fills in once it knows the services' URLs. */
export function createMutableTrustList(): TrustListSource & { set(list: TrustList): void } {
  let current: TrustList | undefined;
  return {
    set: (list) => {
      current = list;
    },
    get: async () => {
      if (!current) throw new Error('no trust list yet');
      return current;
    },
  };
}

/** API keys for the given consumers (default the three original ones, which most suites use). */
export const testApiKeys = (
  ids: readonly string[] = ['insurer', 'university', 'af-praktik'],
): Record<string, string> => Object.fromEntries(ids.map((id) => [id, randomBytes(16).toString('hex')]));

/**
 * A real verifier on 127.0.0.1 with a fresh database (or the given one, for a second instance
 * of the same deployment). The server listens first so the consumers' did:web carry the port.
 */
export async function startVerifier(
  kind: DatabaseKind,
  options: {
    trustList: TrustListSource;
    settings?: Partial<VerifierSettings>;
    /** A second instance: share database, KMS key, API keys and public base URL with the first. */
    sameDeploymentAs?: RunningVerifier;
    /** Which demo consumers to host (by their API keys); default the three original ones. */
    apiKeys?: Record<string, string>;
    /** This database instead of a fresh one (e.g. reached through a proxy a test can cut). */
    database?: TestDatabase;
    /** Count rate limits in this Redis instead of the database. */
    redisUrl?: string;
    /** Listen on this port (a restart at the same address); default any free port. */
    port?: number;
    /** Default: the verifier's own (silent under jest). */
    logger?: Logger;
    /** The outbound policy beyond ALLOW_INSECURE_URLS (listed origins, a resolver). */
    outbound?: OutboundSettings;
    /** Metrics hooks for the webhook outbox. */
    outboxMetrics?: OutboxMetrics;
    /** Stop the service clock at the start: only advanceClock moves it. */
    frozenClock?: boolean;
    /** Consumer id → client identifier prefix (x509_hash, x509_san_dns; default decentralized_identifier). */
    clientIdPrefixes?: Record<string, ClientIdPrefix>;
    /** Consumer id → profile (`haip`; default `openid4vp`), as VERIFIER_CONSUMER_PROFILES. */
    consumerProfiles?: Record<string, ConsumerProfile>;
    /** The consumers' access certificates, for the x509 prefixes. */
    accessCertificates?: AccessCertificateSource;
    /** The consumers' signing keys in this PKCS#11 token (as VERIFIER_PKCS11_*). */
    pkcs11?: Pkcs11TokenConfig;
  },
): Promise<RunningVerifier> {
  const first = options.sameDeploymentAs;
  const database = first?.database ?? options.database ?? createTestDatabase(kind, 'verifier');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = first?.baseUrl ?? url;
  const kmsSecretKey = first?.kmsSecretKey ?? randomBytes(32).toString('hex');
  const apiKeys = first?.apiKeys ?? options.apiKeys ?? testApiKeys();
  let offset = 0;
  const frozenAt = options.frozenClock ? Date.now() : undefined;
  const ctx = await createVerifierContext({
    baseUrl,
    databaseUrl: database.url,
    schema: database.schema,
    kmsSecretKey,
    apiKeys,
    trustList: options.trustList,
    clientIdPrefixes: options.clientIdPrefixes,
    consumerProfiles: options.consumerProfiles,
    accessCertificates: options.accessCertificates,
    // Tests receive webhooks on 127.0.0.1.
    settings: {
      webhookRetryDelayMs: 50,
      webhookPollMs: 100,
      webhookAllowInternal: true,
      // The suites drive the consumers' demo pages, as the demo does (VERIFIER_DEMO_PAGES=1).
      demoPages: true,
      // Housekeeping runs when a test asks (ctx.housekeeping.runOnce) or sets an interval, so a
      // test that moves the clock does not lose its rows to a pass in between.
      housekeepingIntervalMs: 0,
      ...options.settings,
    },
    ...(options.logger ? { logger: options.logger } : {}),
    allowInsecureUrls: true,
    outbound: options.outbound,
    outboxMetrics: options.outboxMetrics,
    redisUrl: options.redisUrl,
    ...(options.pkcs11 ? { pkcs11: options.pkcs11 } : {}),
    // The service clock in ms (ctx.now() is its whole seconds); advanceClock moves both.
    clock: () => (frozenAt ?? Date.now()) + offset * 1000,
  });
  const app = buildVerifierApp(ctx);
  server.on('request', app);
  return {
    ctx,
    app,
    url,
    baseUrl,
    apiKeys,
    database,
    kmsSecretKey,
    advanceClock: (seconds) => {
      offset += seconds;
    },
    stop: async (stopOptions = {}) => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Stops the webhook worker first; pending rows stay for the next instance (keepDatabase).
      await ctx.close();
      if (!stopOptions.keepDatabase && !first) await database.cleanup();
    },
  };
}
