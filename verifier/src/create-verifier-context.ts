import { openServiceDatabase } from '@min-profil/shared/db';
import { openRateLimitBackend } from '@min-profil/shared/rate-limit/open-rate-limit-backend';
import { createVerifierMetrics } from './metrics/verifier-metrics.js';
import { createKeyAgent } from '@min-profil/shared/kms';
import { Pkcs11Token, type Pkcs11TokenConfig } from '@min-profil/shared/signing/pkcs11-token';
import { defaultAllowInternal, type OutboundSettings } from '@min-profil/shared/net/outbound-config';
import { createOutboundFetch } from '@min-profil/shared/net/outbound-fetch';
import { outboundPolicy } from '@min-profil/shared/net/outbound-policy';
import { createLogger, type Logger } from '@min-profil/shared/logger';
import type { OutboxMetrics } from '@min-profil/shared/outbox/outbox-port';
import { serviceClock } from '@min-profil/shared/outbox/service-clock';
import { fetchStatusListJwt } from '@min-profil/shared/status-list/fetch-status-list-jwt';
import { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import type { TrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import { checkConsumerApiKeys, hashConsumerApiKey } from './consumers/consumer-api-keys.js';
import { demoConsumers, type ConsumerConfig } from './consumers/consumer-config.js';
import { loadConsumerKeys } from './consumers/consumer-keys.js';
import { noAccessCertificates, type AccessCertificateSource } from './consumers/access-certificates.js';
import {
  noRegistrationCertificates,
  type RegistrationCertificateSource,
} from './consumers/registration-certificates.js';
import type { ClientIdPrefix } from './consumers/client-identifier.js';
import type { ConsumerProfile } from './consumers/consumer-profile.js';
import {
  defaultVerifierSettings,
  type ConsumerRuntime,
  type VerifierContext,
  type VerifierSettings,
} from './context.js';
import { verifierEntities } from './persistence/entities.js';
import { verifierMigrations } from './persistence/migrations/index.js';
import { createApprovalStore } from './persistence/approval-store.js';
import { createConsentRecordStore } from './persistence/consent-record-store.js';
import { createStandingPermissionStore } from './persistence/standing-permission-store.js';
import { createVerifierStore } from './persistence/verifier-store.js';
import { createWebhookStore } from './persistence/webhook-store.js';
import { createWebhookOutbox } from './webhook/webhook-outbox.js';
import { createCaseStore } from './cases/case-store.js';
import { createCaseOutbox } from './cases/case-outbox.js';
import { loadConsumerDataKeys } from './crypto/consumer-data-keys.js';
import { createDataSealer, resolveMasterDataKey } from './crypto/data-sealer.js';
import { sealLegacyRows } from './crypto/seal-legacy-rows.js';
import { createHousekeeping } from './housekeeping/housekeeping.js';

export interface VerifierOptions {
  /** The public origin, no trailing slash; consumers' did:web identifiers derive from it. */
  baseUrl: string;
  /** `postgres://…` or a SQLite file path. */
  databaseUrl: string;
  /** PostgreSQL schema (default `verifier`). */
  schema?: string;
  /** 64 hex characters: the KMS secret box key. */
  kmsSecretKey: string;
  /**
   * A PKCS#11 token for the consumers' signing keys (VERIFIER_PKCS11_*): request objects,
   * receipts and consent records are then signed inside it. Without it keys stay in the KMS.
   */
  pkcs11?: Pkcs11TokenConfig;
  /**
   * 64 hex characters: the master data key that wraps each consumer's data key, with which
   * personal data is sealed at rest (data-sealer.ts). Default: derived from `kmsSecretKey`.
   */
  dataKey?: string;
  /** Default: the demo consumers that `apiKeys` has a key for. */
  consumers?: readonly ConsumerConfig[];
  /** Consumer id → the client identifier prefix its requests use (overrides its configuration). */
  clientIdPrefixes?: Record<string, ClientIdPrefix>;
  /** Consumer id → the profile it follows, `haip` or `openid4vp` (overrides its configuration). */
  consumerProfiles?: Record<string, ConsumerProfile>;
  /** The consumers' access certificates, for the x509 prefixes. Default: none. */
  accessCertificates?: AccessCertificateSource;
  /** The consumers' registration certificates (`verifier_info`). Default: none. */
  registrationCertificates?: RegistrationCertificateSource;
  /** Consumer id → its API key (`Authorization: Bearer …`). */
  apiKeys: Record<string, string>;
  trustList: TrustListSource;
  settings?: Partial<VerifierSettings>;
  logger?: Logger;
  /** Epoch seconds; default: `clock` in whole seconds. */
  now?: () => number;
  /** Epoch milliseconds (the webhook outbox's clock); default: `now` if given, else Date.now. */
  clock?: () => number;
  /** Metrics hooks for the webhook outbox (counts per outcome, backlog, attempt latency). */
  outboxMetrics?: OutboxMetrics;
  allowInsecureUrls?: boolean;
  /** The outbound policy beyond http(s): origins admitted on any address, internal addresses, DNS. */
  outbound?: OutboundSettings;
  /** Redis for the shared rate-limit counters (`REDIS_URL`); default the PostgreSQL database. */
  redisUrl?: string;
  dropSchema?: boolean;
}

/**
 * Opens the database, loads (or creates) each consumer's keys, wires the verifier's parts and
 * starts sending the webhook outbox (left over from before a restart, too) and the housekeeping
 * job.
 */
export async function createVerifierContext(options: VerifierOptions): Promise<VerifierContext> {
  const settings = { ...defaultVerifierSettings, ...options.settings };
  const { now, clock } = serviceClock(options);
  // A deployment hosts the demo consumers it was given keys for (older setups name only three).
  const consumerConfigs =
    options.consumers ?? demoConsumers.filter((c) => Object.hasOwn(options.apiKeys, c.id));
  if (consumerConfigs.length === 0) throw new Error('no consumer to host: give at least one API key');
  checkConsumerApiKeys(
    options.apiKeys,
    consumerConfigs.map((c) => c.id),
  );
  const db = await openServiceDatabase(options, {
    schema: 'verifier',
    entities: verifierEntities,
    migrations: verifierMigrations,
  });
  const allowInsecureUrls = options.allowInsecureUrls ?? false;
  const outbound = {
    allowHttp: allowInsecureUrls,
    allowInternal: defaultAllowInternal(options.outbound, allowInsecureUrls),
    allowedOrigins: options.outbound?.allowedOrigins ?? [],
    resolve: options.outbound?.resolve,
  };
  const fetch = createOutboundFetch(outbound);
  // Webhooks: internal targets only when the deployment allows them; the operator's own
  // standing-permission webhook URLs (configuration, not input) are admitted as listed origins.
  const webhookPolicy = outboundPolicy({
    ...outbound,
    allowInternal: settings.webhookAllowInternal,
    allowedOrigins: [...outbound.allowedOrigins, ...Object.values(settings.standingPermissionWebhooks)],
  });
  const webhookFetch = createOutboundFetch({
    ...webhookPolicy,
    timeoutMs: settings.webhookTimeoutMs,
    // The answer's body is not used; a large one must not turn a delivery into a retry.
    maxBytes: 1024 * 1024,
    maxRedirects: 0,
  });
  const pkcs11 = options.pkcs11 ? await Pkcs11Token.open(options.pkcs11) : undefined;
  const keys = createKeyAgent({
    dataSource: db.dataSource,
    secretBoxKey: options.kmsSecretKey,
    fetch,
    ...(pkcs11 ? { pkcs11 } : {}),
  });
  const dataKeys = await loadConsumerDataKeys(
    db,
    resolveMasterDataKey(options),
    consumerConfigs.map((c) => c.id),
    now(),
  );
  const sealer = createDataSealer((consumerId) => {
    const key = dataKeys.get(consumerId);
    if (!key) throw new Error(`no data key for consumer ${consumerId}`);
    return key;
  });
  const consumers = new Map<string, ConsumerRuntime>();
  for (const config of consumerConfigs) {
    consumers.set(config.id, {
      config,
      keys: await loadConsumerKeys(keys, options.baseUrl, config.id),
      clientIdPrefix:
        options.clientIdPrefixes?.[config.id] ?? config.clientIdPrefix ?? 'decentralized_identifier',
      profile: options.consumerProfiles?.[config.id] ?? config.profile ?? 'openid4vp',
      apiKeyHash: hashConsumerApiKey(options.apiKeys[config.id]),
      apiKey: options.apiKeys[config.id],
    });
  }
  const outbox = createWebhookStore(db, sealer);
  const cases = createCaseStore(db, sealer);
  const metrics = createVerifierMetrics(db);
  const rateLimits = await openRateLimitBackend({
    db,
    service: 'verifier',
    deployment: options.baseUrl,
    redisUrl: options.redisUrl,
  });
  const ctx: VerifierContext = {
    baseUrl: options.baseUrl,
    consumers,
    db,
    store: createVerifierStore(db, sealer),
    approvals: createApprovalStore(db, sealer),
    standingPermissions: createStandingPermissionStore(db, sealer),
    consentRecords: createConsentRecordStore(db),
    keys,
    accessCertificates: options.accessCertificates ?? noAccessCertificates,
    registrationCertificates: options.registrationCertificates ?? noRegistrationCertificates,
    trustList: options.trustList,
    statusLists: new StatusListCache({
      maxTtlSeconds: settings.statusListMaxTtl,
      now,
      fetchJwt: (uri) => fetchStatusListJwt({ uri, fetch }),
    }),
    settings,
    logger: options.logger ?? createLogger('verifier'),
    metrics,
    rateLimits,
    allowInsecureUrls,
    fetch,
    webhookFetch,
    webhookPolicy,
    now,
    clock,
    outbox,
    webhooks: createWebhookOutbox(() => ctx, {
      store: outbox.worker,
      settings,
      clock,
      metrics: options.outboxMetrics ?? metrics.outbox,
    }),
    cases,
    caseEvents: createCaseOutbox(() => ctx, {
      store: cases.worker,
      settings,
      clock,
      metrics: options.outboxMetrics ?? metrics.outbox,
    }),
    sealer,
    housekeeping: createHousekeeping(() => ctx),
    async close() {
      // Stop sending and purging before the database goes; pending rows stay for the next run.
      await ctx.housekeeping.stop();
      await ctx.webhooks.stop();
      await ctx.caseEvents.stop();
      await rateLimits?.close();
      await db.close();
      pkcs11?.close();
    },
  };
  // Rows an older version wrote in clear are sealed now (each once, whichever instance is first).
  await sealLegacyRows(db, sealer);
  ctx.webhooks.start();
  ctx.caseEvents.start();
  ctx.housekeeping.start();
  return ctx;
}
