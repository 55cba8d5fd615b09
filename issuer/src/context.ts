import type { Database } from '@min-profil/shared/db';
import type { KeyAgentHandle } from '@min-profil/shared/kms';
import type { Logger } from '@min-profil/shared/logger';
import type { IssuerMetrics } from './metrics/issuer-metrics.js';
import type { RateLimitBackend } from '@min-profil/shared/rate-limit/rate-limit-backend';
import type { EidClient, EidClientSettings } from '@min-profil/shared/oidc-rp/eid-client';
import type { ClientRegistry } from './clients/client-registry.js';
import type { HolderDefinition } from './holders/holder-types.js';
import type { HolderKeyRing } from './keys/holder-key-ring.js';
import type { IssuerStore } from './persistence/issuer-store.js';
import type { PushedRequestStore } from './persistence/pushed-request-store.js';
import type { RegisterStore } from './persistence/register-store.js';
import type { StatusListStore } from './persistence/status-list-store.js';
import type { RegisterAdapter } from './register/register-adapter.js';
import type { StaffKeyRing } from './staff-keys/staff-key-ring.js';

/** Lifetimes and limits (seconds unless named otherwise). */
export interface IssuerSettings {
  preAuthorizedCodeTtl: number;
  txCodeLength: number;
  txCodeAttempts: number;
  /** Lifetime of a pushed request's request_uri (RFC 9126 §2.2: short). */
  pushedRequestTtl: number;
  /** From opening the consent page to finishing the eID sign-in. */
  authorizationRequestTtl: number;
  authorizationCodeTtl: number;
  accessTokenTtl: number;
  nonceTtl: number;
  proofMaxAge: number;
  batchSize: number;
  deferredInterval: number;
  deferredTtl: number;
  statusListBits: 1 | 2 | 4 | 8;
  statusListSize: number;
  statusListTtl: number;
  /** Requests per minute per client address on the token and credential endpoints. */
  rateLimitPerMinute: number;
  /** Requests per minute per staff key on the staff API, unless `staffRateLimits` names the holder. */
  staffRateLimitPerMinute: number;
  /** Holder id → the limit of each of its staff keys (`ISSUER_STAFF_RATE_LIMITS`). */
  staffRateLimits: Record<string, number>;
  /**
   * How often expired nonces, access tokens and authorization requests are deleted (0: never by
   * itself). Anyone can create nonces and authorization requests, and the latter two hold a
   * personal identity number.
   */
  housekeepingIntervalMs: number;
}

export const defaultIssuerSettings: IssuerSettings = {
  preAuthorizedCodeTtl: 600,
  txCodeLength: 6,
  txCodeAttempts: 5,
  pushedRequestTtl: 60,
  authorizationRequestTtl: 600,
  authorizationCodeTtl: 120,
  accessTokenTtl: 600,
  nonceTtl: 300,
  proofMaxAge: 300,
  batchSize: 10,
  deferredInterval: 5,
  deferredTtl: 86_400,
  statusListBits: 2,
  statusListSize: 131_072,
  statusListTtl: 300,
  rateLimitPerMinute: 600,
  staffRateLimitPerMinute: 6000,
  staffRateLimits: {},
  housekeepingIntervalMs: 60_000,
};

/** The eID provider the holders sign people in with (OpenID Connect, Swedish profile). */
export type EidSettings = EidClientSettings;

export interface HolderRuntime {
  definition: HolderDefinition;
  /** The credential issuer identifier, `{baseUrl}/{id}`. */
  issuerUrl: string;
  /** Its signing keys: the active one and every earlier one, still published. */
  keys: HolderKeyRing;
}

export interface IssuerContext {
  baseUrl: string;
  holders: Map<string, HolderRuntime>;
  db: Database;
  store: IssuerStore;
  pushedRequests: PushedRequestStore;
  /** The registered clients (wallets) of every holder's authorization server. */
  clients: ClientRegistry;
  statusLists: StatusListStore;
  registerStore: RegisterStore;
  register: RegisterAdapter;
  keys: KeyAgentHandle;
  /** Sign-in with eID (fails as temporarily unavailable when not configured). */
  eid: EidClient;
  /** Server secret (32 bytes) from which pre-authorized codes are derived. */
  secret: Buffer;
  /** Staff keys (hashed) for the offer and admin endpoints, per holder and role. */
  staffKeys: StaffKeyRing;
  settings: IssuerSettings;
  logger: Logger;
  /** Prometheus metrics (`/metrics`, docs/operations.md). */
  metrics: IssuerMetrics;
  /** The shared rate-limit counters (PostgreSQL or Redis); none on SQLite (one instance). */
  rateLimits?: RateLimitBackend;
  /** Current time in epoch seconds (tests freeze it). */
  now: () => number;
  /** Stops the housekeeping job, then closes the database. */
  close(): Promise<void>;
}
