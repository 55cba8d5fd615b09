import type { Database } from '@min-profil/shared/db';
import type { KeyAgentHandle } from '@min-profil/shared/kms';
import type { Logger } from '@min-profil/shared/logger';
import type { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import type { TrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import type { DataKeys } from './crypto/data-keys.js';
import type { SafeFetch } from './http/safe-fetch.js';
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
  rateLimitPerMinute: number;
  /** Copies (each with its own key) asked for when the issuer offers batch issuance. */
  batchCopies: number;
  /** OAuth client_id the wallet presents to issuers (public client, PKCE). */
  oauthClientId: string;
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
  batchCopies: 3,
  oauthClientId: 'min-profil-wallet',
};

/** The eID provider people sign in to the wallet with (OpenID Connect, Swedish profile). */
export interface EidSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

export interface WalletContext {
  baseUrl: string;
  db: Database;
  store: WalletStore;
  keys: KeyAgentHandle;
  dataKeys: DataKeys;
  eid?: EidSettings;
  trustList: TrustListSource;
  allowInsecureUrls: boolean;
  /** fetch for everything the wallet fetches from outside: URL policy, timeout, size bound. */
  fetch: SafeFetch;
  statusLists: StatusListCache;
  settings: WalletSettings;
  logger: Logger;
  /** Current time in epoch seconds (tests move it). */
  now: () => number;
}
