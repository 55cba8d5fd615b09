import { setGlobalConfig } from '@openid4vc/openid4vci';
import { openServiceDatabase } from '@min-profil/shared/db';
import { openRateLimitBackend } from '@min-profil/shared/rate-limit/open-rate-limit-backend';
import { createServiceMetrics } from '@min-profil/shared/metrics/service-metrics';
import { createKeyAgent } from '@min-profil/shared/kms';
import { defaultAllowInternal, type OutboundSettings } from '@min-profil/shared/net/outbound-config';
import { createEidClient } from '@min-profil/shared/oidc-rp/eid-client';
import { createLogger, type Logger } from '@min-profil/shared/logger';
import type { OutboxMetrics } from '@min-profil/shared/outbox/outbox-port';
import { serviceClock } from '@min-profil/shared/outbox/service-clock';
import { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import type { TrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import {
  defaultWalletSettings,
  type EidSettings,
  type WalletContext,
  type WalletSettings,
} from './context.js';
import { createDataKeys } from './crypto/data-keys.js';
import { createSafeFetch } from './http/safe-fetch.js';
import { cachingCrlFetcher, httpCrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import { resolveStatusListKey } from './credentials/resolve-issuer-key.js';
import { walletEntities } from './persistence/entities.js';
import { walletMigrations } from './persistence/migrations/index.js';
import { createWalletStore } from './persistence/wallet-store.js';
import { createPermissionStore } from './persistence/permission-store.js';
import { createCaseStore } from './cases/case-store.js';
import { createStopNoticeOutbox } from './cases/stop-notice-outbox.js';
import { createStopNoticeStore } from './cases/stop-notice-store.js';
import { createDeliveryOutbox } from './standing-permissions/delivery-outbox.js';
import { createProfileStore } from './persistence/profile-store.js';
import { createDemoOutboxGateway } from './messages/demo-outbox-gateway.js';
import type { MessageGateway } from './messages/message-gateway.js';
import { startWalletHousekeeping } from './housekeeping.js';

export interface WalletOptions {
  /** Public origin of the wallet, no trailing slash. */
  baseUrl: string;
  /** `postgres://…` or a SQLite file path. */
  databaseUrl: string;
  /** PostgreSQL schema (default `wallet`). */
  schema?: string;
  /** 64 hex characters: the KMS secret box key (holder keys). */
  kmsSecretKey: string;
  /** 64 hex characters: wraps each person's data key (AES-256-GCM). */
  masterKey: string;
  eid?: EidSettings;
  trustList: TrustListSource;
  /** Admit http URLs (also to loopback unless `outbound` lists origins): the local demo and tests only. */
  allowInsecureUrls: boolean;
  /** The outbound policy beyond http(s): origins admitted on any address, internal addresses, DNS. */
  outbound?: OutboundSettings;
  settings?: Partial<WalletSettings>;
  /**
   * Keep one-time codes in the demo outbox (GET /demo/outbox) instead of sending them: the demo
   * and tests. Ignored when `messages` is given.
   */
  demoOutbox?: boolean;
  /** A real e-mail/SMS gateway. */
  messages?: MessageGateway;
  logger?: Logger;
  /** Epoch seconds; default: `clock` in whole seconds. */
  now?: () => number;
  /** Epoch milliseconds (the delivery outbox's clock); default: `now` if given, else Date.now. */
  clock?: () => number;
  /** Metrics hooks for the delivery outbox (counts per outcome, backlog, attempt latency). */
  outboxMetrics?: OutboxMetrics;
  /** Redis for the shared rate-limit counters (`REDIS_URL`); default the PostgreSQL database. */
  redisUrl?: string;
  dropSchema?: boolean;
}

/** Opens the database and wires the wallet's parts. */
export async function createWalletContext(options: WalletOptions): Promise<WalletContext> {
  if (!/^[0-9a-f]{64}$/i.test(options.masterKey)) throw new Error('the master key must be 64 hex characters');
  const settings = { ...defaultWalletSettings, ...options.settings };
  const { now, clock } = serviceClock(options);
  // @openid4vc/* refuse http URLs unless told otherwise; process-global, so only when asked.
  if (options.allowInsecureUrls) setGlobalConfig({ allowInsecureUrls: true });
  const db = await openServiceDatabase(options, {
    schema: 'wallet',
    entities: walletEntities,
    migrations: walletMigrations,
  });
  const safeFetch = createSafeFetch({
    allowInsecureUrls: options.allowInsecureUrls,
    allowedOrigins: options.outbound?.allowedOrigins,
    allowInternal: defaultAllowInternal(options.outbound, options.allowInsecureUrls),
    resolveHost: options.outbound?.resolve,
    timeoutMs: settings.fetchTimeoutMs,
    maxBytes: settings.maxResponseBytes,
  });
  const logger = options.logger ?? createLogger('wallet');
  const profiles = createProfileStore(db);
  const metrics = createServiceMetrics('wallet', db);
  const rateLimits = await openRateLimitBackend({
    db,
    service: 'wallet',
    deployment: options.baseUrl,
    redisUrl: options.redisUrl,
  });
  const demoOutbox = options.messages === undefined && options.demoOutbox === true;
  const stopNotices = createStopNoticeStore(db);
  const ctx: WalletContext = {
    baseUrl: options.baseUrl,
    db,
    store: createWalletStore(db),
    profiles,
    messages:
      options.messages ?? (demoOutbox ? createDemoOutboxGateway({ profiles, logger, now }) : undefined),
    demoOutbox,
    permissions: createPermissionStore(db),
    cases: createCaseStore(db),
    stopNotices,
    deliveries: createDeliveryOutbox(() => ctx, {
      settings,
      clock,
      dataSource: db.dataSource,
      metrics: options.outboxMetrics ?? metrics.outbox,
    }),
    caseStops: createStopNoticeOutbox(() => ctx, {
      store: stopNotices.worker,
      settings,
      clock,
      metrics: options.outboxMetrics ?? metrics.outbox,
    }),
    keys: createKeyAgent({ dataSource: db.dataSource, secretBoxKey: options.kmsSecretKey, fetch: safeFetch }),
    dataKeys: createDataKeys(Buffer.from(options.masterKey, 'hex')),
    eid: createEidClient({
      settings: options.eid,
      service: 'wallet',
      outbound: {
        allowedOrigins: options.outbound?.allowedOrigins,
        allowInternal: defaultAllowInternal(options.outbound, options.allowInsecureUrls),
        resolve: options.outbound?.resolve,
      },
      timeoutMs: settings.fetchTimeoutMs,
    }),
    trustList: options.trustList,
    allowInsecureUrls: options.allowInsecureUrls,
    fetch: safeFetch,
    // A revocation reaches the wallet within the cache time (5 minutes, docs/pki.md).
    crlFetcher: cachingCrlFetcher(httpCrlFetcher(safeFetch), { now: clock }),
    statusLists: new StatusListCache({
      now,
      fetchJwt: async (uri) => {
        const response = await safeFetch(uri, { headers: { accept: 'application/statuslist+jwt' } });
        if (!response.ok) throw new Error(`the status list answered HTTP ${response.status}`);
        return (await response.text()).trim();
      },
      // Status list tokens are signed by the credential's issuer: same key policy as credentials.
      resolveKey: (args) => resolveStatusListKey(ctx, args),
    }),
    settings,
    logger,
    metrics,
    rateLimits,
    now,
    clock,
    async close() {
      // Stop delivering and purging before the database goes; pending rows stay for the next run.
      await stopHousekeeping();
      await ctx.deliveries.stop();
      await ctx.caseStops.stop();
      await rateLimits?.close();
      await db.close();
    },
  };
  const stopHousekeeping = startWalletHousekeeping(ctx);
  return ctx;
}
