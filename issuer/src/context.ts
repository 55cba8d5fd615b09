import type { Database } from '@min-profil/shared/db';
import type { KeyAgentHandle } from '@min-profil/shared/kms';
import type { KeyAttestationsRequired } from '@min-profil/shared/key-attestation/z-key-attestation';
import type { Logger } from '@min-profil/shared/logger';
import type { CrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import type { X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import type { WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';
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
import type { MandateStore } from './ombud/mandate-store.js';
import type { StaffKeyRing } from './staff-keys/staff-key-ring.js';
import type { UsageLog } from './usage/usage-log.js';
import type { RefreshTokenStore } from './refresh-token/refresh-token-store.js';

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
  /** A sign-in's refresh tokens (usage_log only): the wallet's view stays current this long. */
  refreshTokenTtl: number;
  nonceTtl: number;
  proofMaxAge: number;
  batchSize: number;
  deferredInterval: number;
  deferredTtl: number;
  statusListBits: 1 | 2 | 4 | 8;
  statusListSize: number;
  statusListTtl: number;
  /**
   * Per holder and credential configuration: proofs must carry a key attestation (OID4VCI 1.0
   * Appendix D), with these accepted levels if any (`key_attestations_required` in the metadata).
   */
  keyAttestationsRequired: Record<string, Record<string, KeyAttestationsRequired>>;
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
  /**
   * HAIP: every token request must carry a DPoP proof (RFC 9449), so every access token is
   * DPoP-bound. Off: a request without a proof gets a bearer token (a proof still binds it).
   */
  requireDpop: boolean;
  /**
   * OID4VCI 1.0 §12.2.2, HAIP 1.0 §4.1: answer `Accept: application/jwt` at the issuer metadata
   * endpoint with the metadata signed by the holder's key and its `x5c` (when it has a certificate).
   */
  signedMetadata: boolean;
  /** How far a DPoP proof's `iat` may be from the server's time (freshness rests on the nonce). */
  dpopIatLeeway: number;
  /** How long a server-provided DPoP nonce is accepted; a proof's `jti` stays spent until its nonce ends. */
  dpopNonceTtl: number;
  /**
   * HAIP: every wallet authenticates at PAR and token (authorization code flow) with a wallet
   * attestation. Off: only clients registered with `attest_jwt_client_auth` must.
   */
  requireWalletAttestation: boolean;
  /** How old a client attestation PoP's `iat` may be. */
  attestationPopMaxAge: number;
}

export const defaultIssuerSettings: IssuerSettings = {
  preAuthorizedCodeTtl: 600,
  txCodeLength: 6,
  txCodeAttempts: 5,
  pushedRequestTtl: 60,
  authorizationRequestTtl: 600,
  authorizationCodeTtl: 120,
  accessTokenTtl: 600,
  refreshTokenTtl: 30 * 86_400,
  nonceTtl: 300,
  proofMaxAge: 300,
  batchSize: 10,
  deferredInterval: 5,
  deferredTtl: 86_400,
  statusListBits: 2,
  statusListSize: 131_072,
  statusListTtl: 300,
  keyAttestationsRequired: {},
  rateLimitPerMinute: 600,
  staffRateLimitPerMinute: 6000,
  staffRateLimits: {},
  housekeepingIntervalMs: 60_000,
  requireDpop: false,
  signedMetadata: true,
  dpopIatLeeway: 600,
  dpopNonceTtl: 300,
  requireWalletAttestation: false,
  attestationPopMaxAge: 120,
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
  /** Every use of a person's data at each holder ("who has used my data"). */
  usage: UsageLog;
  refreshTokens: RefreshTokenStore;
  registerStore: RegisterStore;
  register: RegisterAdapter;
  /** Mina ombud's powers of attorney (issue #21). */
  mandates: MandateStore;
  keys: KeyAgentHandle;
  /** Sign-in with eID (fails as temporarily unavailable when not configured). */
  eid: EidClient;
  /** Server secret (32 bytes) from which pre-authorized codes are derived. */
  secret: Buffer;
  /** Staff keys (hashed) for the offer and admin endpoints, per holder and role. */
  staffKeys: StaffKeyRing;
  settings: IssuerSettings;
  /** What key and wallet attestations are checked against: the trust list's CAs and wallet providers. */
  trust: {
    x509Anchors(): Promise<X509TrustAnchor[]>;
    walletProviders(): Promise<WalletProvider[]>;
    /** CRLs through the issuer's outbound fetch, cached (docs/pki.md). */
    crlFetcher: CrlFetcher;
  };
  /** Folder of the holders' certificate chains, `<holder>.x5c.json` (ISSUER_CERTIFICATES_DIR); none: kid only. */
  certificatesDir?: string;
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
