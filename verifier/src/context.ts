import type { Database } from '@min-profil/shared/db';
import type { KeyAgentHandle } from '@min-profil/shared/kms';
import type { Logger } from '@min-profil/shared/logger';
import type { VerifierMetrics } from './metrics/verifier-metrics.js';
import type { RateLimitBackend } from '@min-profil/shared/rate-limit/rate-limit-backend';
import type { OutboundFetch } from '@min-profil/shared/net/outbound-fetch';
import type { OutboundPolicy } from '@min-profil/shared/net/outbound-policy';
import type { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import type { TrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import type { ConsumerConfig } from './consumers/consumer-config.js';
import type { ConsumerKeys } from './consumers/consumer-keys.js';
import type { RegistrationCertificateSource } from './consumers/registration-certificates.js';
import type { AccessCertificateSource } from './consumers/access-certificates.js';
import type { ConsumerProfile } from './consumers/consumer-profile.js';
import type { ClientIdPrefix } from './consumers/client-identifier.js';
import type { ApprovalStore } from './persistence/approval-store.js';
import type { ConsentRecordStore } from './persistence/consent-record-store.js';
import type { StandingPermissionStore } from './persistence/standing-permission-store.js';
import type { VerifierStore } from './persistence/verifier-store.js';
import type { WebhookStore } from './persistence/webhook-store.js';
import type { OutboxWorker } from '@min-profil/shared/outbox/create-outbox-worker';
import type { DataSealer } from './crypto/data-sealer.js';
import type { Housekeeping } from './housekeeping/housekeeping.js';
import type { CaseStore } from './cases/case-store.js';

/** Lifetimes and limits (seconds unless named otherwise). */
export interface VerifierSettings {
  /** How long a presentation request can be answered. */
  requestTtl: number;
  /** How long verified claim values are kept before they are deleted. */
  claimRetention: number;
  /** Seconds settled webhook rows and applied change ids are kept (they hold no claim values). */
  outboxRetention: number;
  /**
   * Seconds an approved request's evidence (and its document) is kept after approval: receipts
   * are checked against it until then, so it is the consumer's retention period for approvals.
   */
  approvalRetention: number;
  /** How often the housekeeping job deletes what has outlived its retention (0: never by itself). */
  housekeepingIntervalMs: number;
  /**
   * The consumers' demo pages (`/{consumer}`, `/{consumer}/log`, `/{consumer}/approve`): off
   * unless enabled (`VERIFIER_DEMO_PAGES=1`), since anyone may open them and each view creates
   * a request.
   */
  demoPages: boolean;
  /**
   * Unanswered requests the demo pages may hold open per consumer; a page view beyond it is
   * refused (503) until some expire, so a flood of page views cannot fill the database.
   */
  demoPageMaxPending: number;
  /** How old a KB-JWT `iat` may be. */
  keyBindingMaxAge: number;
  clockSkew: number;
  /** Upper bound on a status list's cache time, whatever its `ttl` says. */
  statusListMaxTtl: number;
  /** Largest response body at the response endpoint. */
  responseBodyLimit: string;
  /** Largest single presentation (bytes). */
  maxPresentationBytes: number;
  /** Presentations accepted per credential query (`multiple`). */
  maxPresentationsPerQuery: number;
  /** Requests per minute per client address (callers without a consumer API key). */
  rateLimitPerMinute: number;
  /** Requests per minute per consumer API key, unless `apiKeyRateLimits` names the consumer. */
  apiKeyRateLimitPerMinute: number;
  /** Consumer id → its own limit (`VERIFIER_API_RATE_LIMITS`). */
  apiKeyRateLimits: Record<string, number>;
  /** Where template `vct` values point when the trust list does not name the type. */
  issuerBaseUrl: string;
  /** The demo wallet, for the same-device link on the consumers' pages. */
  walletBaseUrl: string;
  /**
   * The identifier of the trust list this verifier uses, as DCQL `trusted_authorities` names it
   * (`{ type: 'https://min-profil.se/trust-list', values: [uri] }`): a query naming it is satisfied by any issuer on the list.
   */
  trustListUri: string;
  /** Attempts per webhook (the first included) before its outbox row is marked failed. */
  webhookAttempts: number;
  /** Delay before the first retry; doubles each time (with jitter) up to `webhookRetryCapMs`. */
  webhookRetryDelayMs: number;
  /** The longest wait between two attempts, also for a consumer's `Retry-After`. */
  webhookRetryCapMs: number;
  webhookTimeoutMs: number;
  /**
   * How often the outbox is checked for due webhooks (0: only when one is queued here). A
   * webhook queued here is sent at once; the poll picks up another instance's or a crashed
   * one's.
   */
  webhookPollMs: number;
  /**
   * Whether a consumer's callback_url may point at a loopback, private or link-local address.
   * Off where one verifier serves several consumers (a callback must not reach the operator's
   * own network); on for the local demo and for a body running the verifier next to its system.
   */
  webhookAllowInternal: boolean;
  /** Lifetime of a standing-permission `c_nonce` (the contract says 5 minutes). */
  standingPermissionNonceTtl: number;
  /** Largest body at a standing-permission update endpoint. */
  standingPermissionBodyLimit: string;
  /**
   * Consumer id → URL for standing-permission events of permissions with no request
   * callback_url (those a wallet started itself).
   */
  standingPermissionWebhooks: Record<string, string>;
}

export const defaultVerifierSettings: VerifierSettings = {
  requestTtl: 600,
  claimRetention: 3600,
  outboxRetention: 7 * 86_400,
  approvalRetention: 10 * 365 * 86_400,
  housekeepingIntervalMs: 60_000,
  demoPages: false,
  demoPageMaxPending: 200,
  keyBindingMaxAge: 300,
  clockSkew: 60,
  statusListMaxTtl: 86_400,
  responseBodyLimit: '256kb',
  maxPresentationBytes: 64 * 1024,
  maxPresentationsPerQuery: 10,
  rateLimitPerMinute: 600,
  apiKeyRateLimitPerMinute: 6000,
  apiKeyRateLimits: {},
  issuerBaseUrl: 'http://127.0.0.1:3001',
  walletBaseUrl: 'http://127.0.0.1:3000',
  trustListUri: 'https://min-profil.example/trust-list.jwt',
  webhookAttempts: 4,
  webhookRetryDelayMs: 1000,
  webhookRetryCapMs: 10 * 60_000,
  webhookTimeoutMs: 5000,
  webhookPollMs: 5000,
  webhookAllowInternal: false,
  standingPermissionNonceTtl: 300,
  standingPermissionBodyLimit: '128kb',
  standingPermissionWebhooks: {},
};

export interface ConsumerRuntime {
  config: ConsumerConfig;
  keys: ConsumerKeys;
  /** Which client identifier its new requests use (OpenID4VP 1.0 §5.9.3); default `decentralized_identifier`. */
  clientIdPrefix: ClientIdPrefix;
  /** Which profile its requests and answers follow (consumer-profile.ts); default `openid4vp`. */
  profile: ConsumerProfile;
  /** SHA-256 of the API key: what the consumer API authenticates against. */
  apiKeyHash: Buffer;
  /**
   * The API key itself, kept only as the HMAC secret of the webhook signatures (and page
   * sessions), whose documented contract is `HMAC-SHA256(API key, body)`.
   */
  apiKey: string;
}

export interface VerifierContext {
  baseUrl: string;
  consumers: Map<string, ConsumerRuntime>;
  db: Database;
  store: VerifierStore;
  /** Approval requests (issue 6): document, transaction data, evidence, receipt. */
  approvals: ApprovalStore;
  /** Standing permissions (docs/standing-permissions.md): permissions, applied changes, nonces. */
  standingPermissions: StandingPermissionStore;
  /** Consent records given to wallets and the consumers' later uses (docs/consent-records.md). */
  consentRecords: ConsentRecordStore;
  keys: KeyAgentHandle;
  /** The consumers' access certificates (x509 client identifiers), read when a request needs one. */
  accessCertificates: AccessCertificateSource;
  /** The consumers' registration certificates, sent in every request's `verifier_info`. */
  registrationCertificates: RegistrationCertificateSource;
  trustList: TrustListSource;
  statusLists: StatusListCache;
  settings: VerifierSettings;
  logger: Logger;
  /** Prometheus metrics (`/metrics`, docs/operations.md). */
  metrics: VerifierMetrics;
  /** The shared rate-limit counters (PostgreSQL or Redis); none on SQLite (one instance). */
  rateLimits?: RateLimitBackend;
  /** Plain http URLs (callback, redirect, issuer metadata) are accepted only when true (demo, tests). */
  allowInsecureUrls: boolean;
  /**
   * Every outbound request (issuer metadata, status lists) goes through this fetch: the shared
   * outbound policy (https only, no internal addresses, each connected address checked).
   */
  fetch: OutboundFetch;
  /** Webhook deliveries: the same policy, internal addresses only with `webhookAllowInternal`. */
  webhookFetch: OutboundFetch;
  /** The webhook policy, for checking a callback_url when a request is created. */
  webhookPolicy: OutboundPolicy;
  /** Current time in epoch seconds (tests freeze it): `clock()` in whole seconds. */
  now: () => number;
  /** Current time in epoch milliseconds, the clock the webhook outbox runs on (tests move it). */
  clock: () => number;
  /** The webhook outbox (rows written with the state change they report). */
  outbox: WebhookStore;
  /** Sends the outbox; `close()` stops it. Tests await `webhooks.idle()`. */
  webhooks: OutboxWorker;
  /** Cases opened with a share and their events (docs/cases.md). */
  cases: CaseStore;
  /** Sends case events to the wallets' case inboxes; `close()` stops it. */
  caseEvents: OutboxWorker;
  /** Seals personal data at rest (claims, evidence, documents, profiles, webhook bodies). */
  sealer: DataSealer;
  /** Deletes what has outlived its retention, every `housekeepingIntervalMs`; `close()` stops it. */
  housekeeping: Housekeeping;
  /** Stops the webhook worker and the housekeeping job, then closes the database. */
  close(): Promise<void>;
}
