import { crlFetcherFor } from '@min-profil/shared/pki/crl-fetcher';
import type { X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import { openServiceDatabase } from '@min-profil/shared/db';
import { openRateLimitBackend } from '@min-profil/shared/rate-limit/open-rate-limit-backend';
import { createIssuerMetrics } from './metrics/issuer-metrics.js';
import { createKeyAgent } from '@min-profil/shared/kms';
import { Pkcs11Token, type Pkcs11TokenConfig } from '@min-profil/shared/signing/pkcs11-token';
import { defaultAllowInternal, type OutboundSettings } from '@min-profil/shared/net/outbound-config';
import { createOutboundFetch } from '@min-profil/shared/net/outbound-fetch';
import { createEidClient } from '@min-profil/shared/oidc-rp/eid-client';
import type { CrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import { createLogger, type Logger } from '@min-profil/shared/logger';
import type { WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';
import { createClientRegistry } from './clients/client-registry.js';
import type { RegisteredClient } from './clients/registered-client.js';
import {
  defaultIssuerSettings,
  type EidSettings,
  type HolderRuntime,
  type IssuerContext,
  type IssuerSettings,
} from './context.js';
import { demoHolders } from './holders/catalog.js';
import { startIssuerHousekeeping } from './housekeeping.js';
import type { HolderDefinition } from './holders/holder-types.js';
import { loadHolderKeyRing } from './keys/holder-key-ring.js';
import { issuerEntities } from './persistence/entities.js';
import { createIssuerStore } from './persistence/issuer-store.js';
import { createPushedRequestStore } from './persistence/pushed-request-store.js';
import { issuerMigrations } from './persistence/migrations/index.js';
import { createRegisterStore } from './persistence/register-store.js';
import { createStatusListStore } from './persistence/status-list-store.js';
import type { RegisterAdapter } from './register/register-adapter.js';
import type { StaffKeyRing } from './staff-keys/staff-key-ring.js';
import { seedDemoRegister } from './register/seed-demo-register.js';
import { MandateGrantEntity } from './ombud/mandate-grant-entity.js';
import { withMandateRegister } from './ombud/mandate-register.js';
import { createMandateStore } from './ombud/mandate-store.js';
import { createTableRegister } from './register/table-register.js';
import { UsageRecordEntity } from './usage/usage-record-entity.js';
import { RefreshTokenEntity } from './refresh-token/refresh-token-entity.js';
import { createRefreshTokenStore } from './refresh-token/refresh-token-store.js';
import { createUsageLog } from './usage/usage-log.js';
import { createUsageStore } from './usage/usage-store.js';

export interface IssuerOptions {
  baseUrl: string;
  /** `postgres://…` or a SQLite file path. */
  databaseUrl: string;
  /** PostgreSQL schema (default `issuer`). */
  schema?: string;
  /** 64 hex characters: the KMS secret box key. */
  kmsSecretKey: string;
  /**
   * A PKCS#11 token for the holders' signing keys (ISSUER_PKCS11_*): new keys are generated in
   * it and never leave it. Without it keys stay in the embedded KMS.
   */
  pkcs11?: Pkcs11TokenConfig;
  /** 64 hex characters: the secret pre-authorized codes are derived from. */
  codeSecret: string;
  /** Staff keys, hashed (`createStaffKeyRing`, or `parseStaffKeys` from the environment). */
  staffKeys: StaffKeyRing;
  eid?: EidSettings;
  /** Wallets registered by configuration (`ISSUER_WALLET_CLIENTS`). */
  walletClients?: readonly RegisteredClient[];
  /** The signed trust list's wallet providers; those with a client_id are registered clients. */
  walletProviders?: () => Promise<WalletProvider[]>;
  /** How CRLs are fetched; default: through the outbound policy (plain http allowed), cached. */
  crlFetcher?: CrlFetcher;
  holders?: readonly HolderDefinition[];
  /** A real agency's register; default: the demo registers' table. */
  register?: RegisterAdapter;
  seedDemoRegister?: boolean;
  settings?: Partial<IssuerSettings>;
  /** The trust list's CAs (`x509_trust_anchors`): key and wallet attestations chain to one; default none. */
  x509Anchors?: () => Promise<X509TrustAnchor[]>;
  /** Folder of `<holder>.x5c.json` certificate chains (docs/issuer.md "Signed with x5c"). */
  certificatesDir?: string;
  /**
   * The outbound policy (https only; internal addresses only if allowed or listed): the issuer
   * fetches from others only to resolve a holder's did:web key in a proof.
   */
  outbound?: OutboundSettings;
  logger?: Logger;
  now?: () => number;
  /** Redis for the shared rate-limit counters (`REDIS_URL`); default the PostgreSQL database. */
  redisUrl?: string;
  dropSchema?: boolean;
}

/**
 * Opens the database, loads (or creates) each holder's key, wires the issuer's parts and starts
 * the housekeeping job.
 */
export async function createIssuerContext(options: IssuerOptions): Promise<IssuerContext> {
  if (!/^[0-9a-f]{64}$/i.test(options.codeSecret))
    throw new Error('the code secret must be 64 hex characters');
  const settings = { ...defaultIssuerSettings, ...options.settings };
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const db = await openServiceDatabase(options, {
    schema: 'issuer',
    entities: [...issuerEntities, UsageRecordEntity, RefreshTokenEntity, MandateGrantEntity],
    migrations: issuerMigrations,
  });
  const outbound = {
    allowInternal: defaultAllowInternal(options.outbound, false),
    allowedOrigins: options.outbound?.allowedOrigins,
    resolve: options.outbound?.resolve,
  };
  const fetch = createOutboundFetch({
    ...outbound,
    timeoutMs: 10_000,
    maxBytes: 256 * 1024,
  });
  const pkcs11 = options.pkcs11 ? await Pkcs11Token.open(options.pkcs11) : undefined;
  const keys = createKeyAgent({
    dataSource: db.dataSource,
    secretBoxKey: options.kmsSecretKey,
    fetch,
    ...(pkcs11 ? { pkcs11 } : {}),
  });
  const registerStore = createRegisterStore(db);
  const mandates = createMandateStore(db);
  if (options.seedDemoRegister) await seedDemoRegister(registerStore, now());

  const holders = new Map<string, HolderRuntime>();
  for (const definition of options.holders ?? demoHolders) {
    const issuerUrl = `${options.baseUrl}/${definition.id}`;
    const ring = await loadHolderKeyRing({ db, keys, holderId: definition.id, issuerUrl, now: now() });
    holders.set(definition.id, { definition, issuerUrl, keys: ring });
  }

  const rateLimits = await openRateLimitBackend({
    db,
    service: 'issuer',
    deployment: options.baseUrl,
    redisUrl: options.redisUrl,
  });
  const ctx: IssuerContext = {
    baseUrl: options.baseUrl,
    holders,
    db,
    store: createIssuerStore(db),
    pushedRequests: createPushedRequestStore(db),
    clients: createClientRegistry({
      configured: options.walletClients ?? [],
      walletProviders: options.walletProviders,
    }),
    statusLists: createStatusListStore(db, { bits: settings.statusListBits, size: settings.statusListSize }),
    usage: createUsageLog({
      store: createUsageStore(db),
      secret: Buffer.from(options.codeSecret, 'hex'),
      now,
    }),
    refreshTokens: createRefreshTokenStore(db),
    registerStore,
    register: withMandateRegister(options.register ?? createTableRegister(registerStore), mandates),
    mandates,
    keys,
    eid: createEidClient({ settings: options.eid, service: 'issuer', outbound }),
    secret: Buffer.from(options.codeSecret, 'hex'),
    staffKeys: options.staffKeys,
    settings,
    trust: {
      x509Anchors: options.x509Anchors ?? (async () => []),
      walletProviders: options.walletProviders ?? (async () => []),
      // A CRL is signed by its CA, so it is conventionally served over plain http (no TLS needed
      // to trust it, and none to check the CA's own server); the address policy still applies.
      crlFetcher:
        options.crlFetcher ??
        crlFetcherFor(
          createOutboundFetch({ ...outbound, allowHttp: true, timeoutMs: 10_000, maxBytes: 1024 * 1024 }),
        ),
    },
    ...(options.certificatesDir ? { certificatesDir: options.certificatesDir } : {}),
    logger: options.logger ?? createLogger('issuer'),
    metrics: createIssuerMetrics(db),
    rateLimits,
    now,
    async close() {
      // The job first: it must not run against a closed database.
      await stopHousekeeping();
      await rateLimits?.close();
      await db.close();
      pkcs11?.close();
    },
  };
  const stopHousekeeping = startIssuerHousekeeping(ctx);
  return ctx;
}
