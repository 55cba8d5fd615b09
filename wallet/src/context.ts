import type { Database } from '@min-profil/shared/db';
import type { KeyAgentHandle } from '@min-profil/shared/kms';
import type { Logger } from '@min-profil/shared/logger';
import type { ServiceMetrics } from '@min-profil/shared/metrics/service-metrics';
import type { RateLimitBackend } from '@min-profil/shared/rate-limit/rate-limit-backend';
import type { EidClient, EidClientSettings } from '@min-profil/shared/oidc-rp/eid-client';
import type { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import type { TrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import type { DataKeys } from './crypto/data-keys.js';
import type { SafeFetch } from './http/safe-fetch.js';
import type { CrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import type { MessageGateway } from './messages/message-gateway.js';
import type { ProfileStore } from './persistence/profile-store.js';
import type { PermissionStore } from './persistence/permission-store.js';
import type { WalletCaseStore } from './cases/case-store.js';
import type { StopNoticeStore } from './cases/stop-notice-store.js';
import type { OutboxWorker } from '@min-profil/shared/outbox/create-outbox-worker';
import type { WalletStore } from './persistence/wallet-store.js';

/** Lifetimes (seconds) and limits. */
export interface WalletSettings {
  sessionTtl: number;
  loginTtl: number;
  holderAuthorizationTtl: number;
  presentationRequestTtl: number;
  /** Pending (not yet accepted) received credentials are dropped after this. */
  pendingOfferTtl: number;
  /** Per outbound request (metadata, token, credential, request objects). */
  fetchTimeoutMs: number;
  /** Largest response body the wallet reads from anyone. */
  maxResponseBytes: number;
  /** How long `POST /api/credential-offers` waits for a deferred credential before answering. */
  deferredWaitSeconds: number;
  /** Requests per minute per client address (sign-in, the web app, callers without a token). */
  rateLimitPerMinute: number;
  /** Requests per minute per personal access token. */
  tokenRateLimitPerMinute: number;
  /** Copies (each with its own key) asked for when the issuer offers batch issuance. */
  batchCopies: number;
  /**
   * How long the page keeps passkey-unlocked keys without a signature or an unlock (seconds;
   * docs/passkeys.md): told to the page in `GET /api/session`.
   */
  keyIdleSeconds: number;
  /** OAuth client_id the wallet presents to issuers (public client, PKCE). */
  oauthClientId: string;
  /** Lifetime of a wallet attestation (seconds): hours, so it needs no revocation. */
  attestationTtl: number;
  /** How often the standing-permission outbox is polled (seconds); it is also woken on enqueue. */
  deliveryPollSeconds: number;
  /** First retry delay of a failed delivery (seconds), doubled per attempt up to the cap. */
  deliveryRetryBaseSeconds: number;
  deliveryRetryCapSeconds: number;
  /** How long one worker owns a claimed delivery before another may take it over. */
  deliveryLeaseSeconds: number;
  /**
   * How often expired sign-in requests, sessions and holder authorizations are deleted (0: never
   * by itself). Anyone can start a sign-in, so those rows come from anonymous traffic.
   */
  housekeepingIntervalMs: number;
  /**
   * Closing an account waits this long (seconds) for the consumers of its standing permissions
   * to confirm the withdrawal (through the outbox, with its retries) before deleting everything;
   * a consumer that has not answered by then is named to the person.
   */
  accountClosingWaitSeconds: number;
  /**
   * Development only: also answer requests whose asker cannot be identified (unsigned, or signed
   * with a did:jwk/did:key the trust list does not name); see refuse-unidentified-requester.ts.
   */
  allowUnsignedRequests: boolean;
  /**
   * The identifier of the trust list this wallet uses (TRUST_LIST_URI, as the verifier's): a
   * DCQL `trusted_authorities` entry of our trust-list type naming it is met by its issuers.
   */
  trustListUri: string;
  /**
   * The wallet provider key's certificate chain, `{ "x5c": [leaf, CA] }` (WALLET_PROVIDER_CERTIFICATE_FILE):
   * with it, proofs carry a key attestation (OID4VCI 1.0 Appendix D) and the wallet attests itself
   * at issuers' PAR and token endpoints (wallet attestation, HAIP); without, neither.
   */
  providerCertificateFile?: string;
}

export const defaultWalletSettings: WalletSettings = {
  sessionTtl: 8 * 3600,
  loginTtl: 600,
  holderAuthorizationTtl: 600,
  presentationRequestTtl: 900,
  pendingOfferTtl: 3600,
  fetchTimeoutMs: 10_000,
  maxResponseBytes: 512 * 1024,
  deferredWaitSeconds: 0,
  rateLimitPerMinute: 600,
  tokenRateLimitPerMinute: 600,
  batchCopies: 3,
  keyIdleSeconds: 900,
  oauthClientId: 'min-profil-wallet',
  attestationTtl: 4 * 3600,
  deliveryPollSeconds: 30,
  deliveryRetryBaseSeconds: 30,
  deliveryRetryCapSeconds: 6 * 3600,
  deliveryLeaseSeconds: 60,
  housekeepingIntervalMs: 60_000,
  accountClosingWaitSeconds: 20,
  allowUnsignedRequests: false,
  trustListUri: 'https://min-profil.example/trust-list.jwt',
};

/** The eID provider people sign in to the wallet with (OpenID Connect, Swedish profile). */
export type EidSettings = EidClientSettings;

export interface WalletContext {
  baseUrl: string;
  db: Database;
  store: WalletStore;
  /** The contact profile, its codes and the wallet provider's keys. */
  profiles: ProfileStore;
  /** Sends one-time codes; without one, e-mail and phone cannot be verified. */
  messages?: MessageGateway;
  /** Serve the demo outbox (GET /demo/outbox): demo and tests only. */
  demoOutbox: boolean;
  /** Standing permissions and their delivery outbox. */
  permissions: PermissionStore;
  /** The person's cases and their events (docs/cases.md). */
  cases: WalletCaseStore;
  /** The outbox of case stop notices to consumers (docs/cases.md "Stopping"). */
  stopNotices: StopNoticeStore;
  /** Delivers the outbox; started by `buildWalletApp`, stopped by `close()`. */
  deliveries: OutboxWorker;
  /** Sends the stop notices; started by `buildWalletApp`, stopped by `close()`. */
  caseStops: OutboxWorker;
  keys: KeyAgentHandle;
  dataKeys: DataKeys;
  /** Sign-in with eID (fails as temporarily unavailable when not configured). */
  eid: EidClient;
  trustList: TrustListSource;
  allowInsecureUrls: boolean;
  /** fetch for everything the wallet fetches from outside: URL policy, timeout, size bound. */
  fetch: SafeFetch;
  /** CRLs of the CAs the trust list names (x509 client identifiers), through `fetch`, cached. */
  crlFetcher: CrlFetcher;
  statusLists: StatusListCache;
  settings: WalletSettings;
  logger: Logger;
  /** Prometheus metrics (`/metrics`, docs/operations.md). */
  metrics: ServiceMetrics;
  /** The shared rate-limit counters (PostgreSQL or Redis); none on SQLite (one instance). */
  rateLimits?: RateLimitBackend;
  /** Current time in epoch seconds (tests move it): `clock()` in whole seconds. */
  now: () => number;
  /** Current time in epoch milliseconds, the clock the delivery outbox runs on. */
  clock: () => number;
  /** Stops the delivery worker and the housekeeping job, then closes the database. */
  close(): Promise<void>;
}
