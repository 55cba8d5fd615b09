import { ApprovalRecordEntity } from './approval-entities.js';
import { ConsentRecordEntity } from './consent-record-entities.js';
import { passkeyEntities } from './passkey-entities.js';
import { SigningRequestEntity } from './signing-request-entities.js';
import { permissionEntities } from './permission-entities.js';
import { HolderConnectionEntity } from './holder-connection-entities.js';
import { OmbudSignInEntity } from '../ombud/ombud-sign-in-entities.js';
import { CompanyProfileEntity } from '../companies/company-profile-entities.js';
import { profileEntities } from './profile-entities.js';
import { walletCaseEntities } from '../cases/case-entities.js';
import { EntitySchema } from 'typeorm';
import { epochColumn, intColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';
import type { CredentialDisplay } from '../credentials/z-credential-display.js';
import type { StoredPresentationRequest } from '../presentation/z-stored-presentation-request.js';

/**
 * The wallet's tables (all prefixed `wallet_`, beside Veramo's own). Secrets the wallet hands
 * out (session ids, personal access tokens) are stored as SHA-256 hashes; credentials and
 * everything else that carries claim values is sealed with the person's data key
 * (AES-256-GCM), which is stored only wrapped by the master key. Times are epoch seconds.
 */

/** One person's wallet, found by the identity number the eID released. */
export interface AccountRow {
  id: string;
  identityNumber: string;
  /** The person's data key, wrapped (AES-256-GCM) by the master key. */
  wrappedDataKey: string;
  createdAt: number;
  /**
   * Who can use the holder keys: null = the service (every account until it moves, and accounts
   * used only through personal access tokens); 'passkey' = only the person, docs/passkeys.md.
   */
  keyProtection?: 'passkey' | null;
}

export const AccountEntity = new EntitySchema<AccountRow>({
  name: 'WalletAccount',
  tableName: 'wallet_account',
  columns: {
    id: { type: 'varchar', primary: true },
    identityNumber: { ...textColumn('identity_number'), unique: true },
    wrappedDataKey: textColumn('wrapped_data_key'),
    createdAt: epochColumn('created_at'),
    keyProtection: textColumn('key_protection', true),
  },
});

export interface SessionRow {
  idHash: string;
  accountId: string;
  /** Sent back as `X-CSRF-Token` on cookie-authenticated POST/DELETE. */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export const SessionEntity = new EntitySchema<SessionRow>({
  name: 'WalletSession',
  tableName: 'wallet_session',
  columns: {
    idHash: { type: 'varchar', primary: true, name: 'id_hash' },
    accountId: textColumn('account_id'),
    csrfToken: textColumn('csrf_token'),
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
  },
});

export interface PersonalTokenRow {
  id: string;
  tokenHash: string;
  accountId: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export const PersonalTokenEntity = new EntitySchema<PersonalTokenRow>({
  name: 'WalletPersonalToken',
  tableName: 'wallet_personal_token',
  columns: {
    id: { type: 'varchar', primary: true },
    tokenHash: { ...textColumn('token_hash'), unique: true },
    accountId: textColumn('account_id'),
    name: textColumn('name'),
    createdAt: epochColumn('created_at'),
    lastUsedAt: epochColumn('last_used_at', true),
  },
});

/** A sign-in at the eID provider in progress (state, nonce and PKCE verifier). */
export interface LoginRequestRow {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  expiresAt: number;
}

export const LoginRequestEntity = new EntitySchema<LoginRequestRow>({
  name: 'WalletLoginRequest',
  tableName: 'wallet_login_request',
  columns: {
    state: { type: 'varchar', primary: true },
    nonce: textColumn('nonce'),
    codeVerifier: textColumn('code_verifier'),
    returnTo: textColumn('return_to'),
    expiresAt: epochColumn('expires_at'),
  },
});

/** A wallet-initiated authorization code flow at a data holder, in progress. */
export interface HolderAuthorizationRow {
  state: string;
  accountId: string;
  credentialIssuer: string;
  configurationIds: string[];
  codeVerifier: string;
  returnTo: string;
  /** Started from a browser session: the callback must come with that session (1) or not (0). */
  sessionBound: number;
  /**
   * SHA-256 of the secret in the cookie the one-time start URL set in the browser that went
   * on to the holder; the callback must bring it. Null until the start URL is opened.
   */
  browserBinding: string | null;
  expiresAt: number;
  /**
   * What the sign-in is for: null a credential; `usage_log` a connection to the holder's usage
   * log; `mandates` managing the person's powers of attorney at Mina ombud.
   */
  purpose: 'usage_log' | 'mandates' | null;
  /**
   * A passkey-protected account's keys, made in the page before it left for the holder
   * (docs/passkeys.md): the callback asks the page to sign the proofs with them. Null for
   * service-held keys. Ids of wrapped keys the server already stores, so not sealed: they open
   * nothing.
   */
  holderKeyIds: string[] | null;
  /**
   * The page's DPoP key for the token (docs/passkeys.md, "DPoP in the page"), when the holder
   * binds tokens to one: the code is redeemed only with a proof the page signs. Null otherwise.
   */
  dpopKeyId: string | null;
}

export const HolderAuthorizationEntity = new EntitySchema<HolderAuthorizationRow>({
  name: 'WalletHolderAuthorization',
  tableName: 'wallet_holder_authorization',
  columns: {
    state: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    credentialIssuer: textColumn('credential_issuer'),
    configurationIds: jsonColumn('configuration_ids'),
    codeVerifier: textColumn('code_verifier'),
    returnTo: textColumn('return_to'),
    sessionBound: intColumn('session_bound'),
    browserBinding: textColumn('browser_binding', true),
    expiresAt: epochColumn('expires_at'),
    purpose: textColumn('purpose', true),
    holderKeyIds: jsonColumn('holder_key_ids', true),
    dpopKeyId: textColumn('dpop_key_id', true),
  },
});

/**
 * The one-time start URL of a holder fetch (`/oid4vci/start/{token}`, token stored hashed):
 * opening it binds the fetch to that browser and sends it on to the holder.
 */
export interface HolderFetchStartRow {
  tokenHash: string;
  state: string;
  /**
   * What to push to the holder when the link is opened (JSON of `PendingAuthorizationRequest`):
   * a pushed request lives a minute (RFC 9126), the start link longer.
   */
  authorizationRequest: string;
  expiresAt: number;
}

export const HolderFetchStartEntity = new EntitySchema<HolderFetchStartRow>({
  name: 'WalletHolderFetchStart',
  tableName: 'wallet_holder_fetch_start',
  columns: {
    tokenHash: { type: 'varchar', primary: true, name: 'token_hash' },
    state: textColumn('state'),
    authorizationRequest: { name: 'authorization_request', type: 'text' },
    expiresAt: epochColumn('expires_at'),
  },
});

export type CredentialState = 'pending' | 'deferred' | 'stored';

/**
 * A credential the person holds (or is shown before accepting). The SD-JWT VCs themselves
 * (one per batch copy, each with its own holder key) and, while deferred, the issuer's access
 * token and transaction id are in `sealed`; the rest is metadata without claim values.
 */
export interface HeldCredentialRow {
  id: string;
  accountId: string;
  /** Credentials received together (one offer or one authorization) share this id. */
  offerId: string;
  state: CredentialState;
  credentialIssuer: string;
  configurationId: string;
  format: string;
  vct: string | null;
  /** Display metadata (names, labels per locale): no claim values. */
  display: CredentialDisplay;
  issuedAt: number | null;
  expiresAt: number | null;
  statusUri: string | null;
  statusIdx: number | null;
  copies: number;
  sealed: string;
  /**
   * Whether the credential (its first copy) names whom it is issued to, recorded in clear at
   * receipt so the list needs not open the sealed value. Null: not known yet (deferred, or a
   * row from before the column, filled on its first read; migration 1766530000000).
   */
  namesHolder?: boolean | null;
  /**
   * Whose keys its copies are bound to (credential-key-protection.ts), in clear beside the sealed
   * value for the same reason; null while deferred or not known yet.
   */
  keyProtection?: 'service' | 'passkey' | null;
  createdAt: number;
  /** For deferred: when to ask the issuer again. */
  nextPollAt: number | null;
}

export const HeldCredentialEntity = new EntitySchema<HeldCredentialRow>({
  name: 'WalletHeldCredential',
  tableName: 'wallet_credential',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    offerId: textColumn('offer_id'),
    state: textColumn('state'),
    credentialIssuer: textColumn('credential_issuer'),
    configurationId: textColumn('configuration_id'),
    format: textColumn('format'),
    vct: textColumn('vct', true),
    display: jsonColumn('display'),
    issuedAt: epochColumn('issued_at', true),
    expiresAt: epochColumn('expires_at', true),
    statusUri: textColumn('status_uri', true),
    statusIdx: intColumn('status_idx', true),
    copies: intColumn('copies'),
    sealed: { name: 'sealed', type: 'text' },
    namesHolder: { name: 'names_holder', type: 'boolean', nullable: true },
    keyProtection: textColumn('key_protection', true),
    createdAt: epochColumn('created_at'),
    nextPollAt: epochColumn('next_poll_at', true),
  },
});

/** A verifier's request the person is looking at; answered once. */
export interface PresentationRequestRow {
  id: string;
  accountId: string;
  clientId: string;
  /** The resolved authorization request and what the wallet learnt about the asker (no claim values). */
  request: StoredPresentationRequest;
  createdAt: number;
  expiresAt: number;
  answeredAt: number | null;
  /**
   * OpenID4VP 1.0 Appendix A: the answer's `data` for the page that asked through the Digital
   * Credentials API, sealed with the person's data key, until its caller takes it (once).
   */
  dcApiResponse?: string | null;
}

export const PresentationRequestEntity = new EntitySchema<PresentationRequestRow>({
  name: 'WalletPresentationRequest',
  tableName: 'wallet_presentation_request',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    clientId: textColumn('client_id'),
    request: { name: 'request', type: 'simple-json' },
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
    answeredAt: epochColumn('answered_at', true),
    dcApiResponse: { name: 'dc_api_response', type: 'text', nullable: true },
  },
});

export type LogEvent =
  | 'issuance'
  | 'presentation'
  | 'refusal'
  | 'deletion'
  | 'profile_change'
  /** A standing permission granted or withdrawn (by the person or the consumer). */
  | 'standing_permission'
  /** The profile delivered (or refused) under a standing permission. */
  | 'profile_delivery'
  /** A case opened with a share, an event of it, or its stop (docs/cases.md). */
  | 'case';

/** The person's log: who, which claim names (never values), purpose, when, outcome. */
export interface LogEntryRow {
  id: string;
  accountId: string;
  at: number;
  event: LogEvent;
  /** The other party: an issuer identifier or a verifier's client_id. */
  counterparty: string;
  counterpartyName: Record<string, string> | null;
  credentialTypes: string[];
  claims: string[];
  purpose: Record<string, string> | null;
  outcome: string;
  /**
   * The case the entry belongs to (docs/cases.md): the wallet's id of the request that opened
   * it, on the opening share, each event, each answer and the stop; null otherwise.
   */
  thread: string | null;
}

export const LogEntryEntity = new EntitySchema<LogEntryRow>({
  name: 'WalletLogEntry',
  tableName: 'wallet_log_entry',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    at: epochColumn('at'),
    event: textColumn('event'),
    counterparty: textColumn('counterparty'),
    counterpartyName: jsonColumn('counterparty_name', true),
    credentialTypes: jsonColumn('credential_types'),
    claims: jsonColumn('claims'),
    purpose: jsonColumn('purpose', true),
    outcome: textColumn('outcome'),
    thread: textColumn('thread', true),
  },
});

export const walletEntities = [
  AccountEntity,
  SessionEntity,
  PersonalTokenEntity,
  LoginRequestEntity,
  HolderAuthorizationEntity,
  HolderFetchStartEntity,
  HolderConnectionEntity,
  HeldCredentialEntity,
  PresentationRequestEntity,
  LogEntryEntity,
  ApprovalRecordEntity,
  ConsentRecordEntity,
  ...permissionEntities,
  ...profileEntities,
  ...walletCaseEntities,
  ...passkeyEntities,
  SigningRequestEntity,
  OmbudSignInEntity,
  CompanyProfileEntity,
];
