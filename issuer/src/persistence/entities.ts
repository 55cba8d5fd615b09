import { EntitySchema } from 'typeorm';
import { epochColumn, intColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';
import {
  PushedRequestEntity,
  requestParameterColumns,
  type RequestParameterRow,
} from './pushed-request-entity.js';

/**
 * The issuer's tables. Secrets (codes, tokens, nonces, transaction ids) are stored as
 * SHA-256 hashes, so a database dump does not let anyone redeem them. Times are epoch seconds.
 */

/** A register's record about a person (the adapter the demo uses; an agency plugs in its own). */
export interface RegisterRecordRow {
  id: string;
  holderId: string;
  identityNumber: string;
  recordType: string;
  data: Record<string, unknown>;
  /** The register answers only from this time on (deferred issuance); null = at once. */
  readyAt: number | null;
  updatedAt: number;
}

export const RegisterRecordEntity = new EntitySchema<RegisterRecordRow>({
  name: 'RegisterRecord',
  tableName: 'register_record',
  columns: {
    id: { type: 'varchar', primary: true },
    holderId: textColumn('holder_id'),
    identityNumber: textColumn('identity_number'),
    recordType: textColumn('record_type'),
    data: jsonColumn('data'),
    readyAt: epochColumn('ready_at', true),
    updatedAt: epochColumn('updated_at'),
  },
});

export interface CredentialOfferRow {
  id: string;
  holderId: string;
  identityNumber: string;
  configurationIds: string[];
  preAuthorizedCodeHash: string;
  txCodeHash: string | null;
  txCodeAttemptsLeft: number;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export const CredentialOfferEntity = new EntitySchema<CredentialOfferRow>({
  name: 'CredentialOffer',
  tableName: 'credential_offer',
  columns: {
    id: { type: 'varchar', primary: true },
    holderId: textColumn('holder_id'),
    identityNumber: textColumn('identity_number'),
    configurationIds: jsonColumn('configuration_ids'),
    preAuthorizedCodeHash: { ...textColumn('pre_authorized_code_hash'), unique: true },
    txCodeHash: textColumn('tx_code_hash', true),
    txCodeAttemptsLeft: intColumn('tx_code_attempts_left'),
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
    usedAt: epochColumn('used_at', true),
  },
});

export interface AuthorizationRequestRow extends RequestParameterRow {
  id: string;
  eidState: string;
  eidNonce: string;
  eidCodeVerifier: string;
  /** SHA-256 of the secret in the consenting browser's cookie; null on rows from before it existed. */
  browserBinding: string | null;
  identityNumber: string | null;
  codeHash: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export const AuthorizationRequestEntity = new EntitySchema<AuthorizationRequestRow>({
  name: 'AuthorizationRequest',
  tableName: 'authorization_request',
  columns: {
    id: { type: 'varchar', primary: true },
    ...requestParameterColumns,
    eidState: { ...textColumn('eid_state'), unique: true },
    eidNonce: textColumn('eid_nonce'),
    eidCodeVerifier: textColumn('eid_code_verifier'),
    browserBinding: textColumn('browser_binding', true),
    identityNumber: textColumn('identity_number', true),
    codeHash: { ...textColumn('code_hash', true), unique: true },
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
    usedAt: epochColumn('used_at', true),
  },
});

export interface AccessTokenRow {
  tokenHash: string;
  holderId: string;
  identityNumber: string;
  configurationIds: string[];
  clientId: string | null;
  /** RFC 9449 §6: SHA-256 JWK thumbprint of the DPoP key the token is bound to; null = bearer. */
  dpopJkt: string | null;
  /** Grants that are not credentials (`usage_log`); null on credential tokens. */
  scopes: string[] | null;
  expiresAt: number;
}

export const AccessTokenEntity = new EntitySchema<AccessTokenRow>({
  name: 'AccessToken',
  tableName: 'access_token',
  columns: {
    tokenHash: { type: 'varchar', primary: true, name: 'token_hash' },
    holderId: textColumn('holder_id'),
    identityNumber: textColumn('identity_number'),
    configurationIds: jsonColumn('configuration_ids'),
    clientId: textColumn('client_id', true),
    scopes: jsonColumn('scopes', true),
    dpopJkt: textColumn('dpop_jkt', true),
    expiresAt: epochColumn('expires_at'),
  },
});

/**
 * A spent proof `jti` (DPoP proofs, client attestation PoPs), by hash of its kind and value,
 * kept until the proof would be refused as too old anyway; the primary key makes a second
 * insert fail on every instance sharing the database.
 */
export interface SpentJtiRow {
  jtiHash: string;
  expiresAt: number;
}

export const SpentJtiEntity = new EntitySchema<SpentJtiRow>({
  name: 'SpentJti',
  tableName: 'spent_jti',
  columns: {
    jtiHash: { type: 'varchar', primary: true, name: 'jti_hash' },
    expiresAt: epochColumn('expires_at'),
  },
});

export interface NonceRow {
  valueHash: string;
  holderId: string;
  expiresAt: number;
}

export const NonceEntity = new EntitySchema<NonceRow>({
  name: 'Nonce',
  tableName: 'nonce',
  columns: {
    valueHash: { type: 'varchar', primary: true, name: 'value_hash' },
    holderId: textColumn('holder_id'),
    expiresAt: epochColumn('expires_at'),
  },
});

/** The audit of every issuance: who, which type, when, which status index — never claim values. */
export interface IssuedCredentialRow {
  id: string;
  holderId: string;
  configurationId: string;
  identityNumber: string;
  statusListId: number;
  statusIndex: number;
  notificationId: string;
  issuedAt: number;
  expiresAt: number | null;
  /** Last event the wallet reported at the notification endpoint. */
  walletEvent: string | null;
  /** What the wallet provider attested about the holder key (OID4VCI 1.0 Appendix D), if anything. */
  keyAttestation?: KeyAttestationRecord | null;
  /**
   * Which of a person's credentials of one configuration this is, where it has several (a
   * guardian credential per child, a mandate per grant): its credential identifier
   * (credential-datasets.ts). Mina ombud revokes a grant's credentials by it.
   */
  credentialIdentifier?: string | null;
}

/** A verified key attestation as recorded with the credential: who attested what, never the key. */
export interface KeyAttestationRecord {
  /** The trust list's wallet provider whose key signed the attestation. */
  wallet_provider: string;
  /** Serial of the provider certificate the attestation's x5c chain led from. */
  certificate_serial: string;
  key_storage?: string[];
  user_authentication?: string[];
  certification?: string;
  /** The Min profil wallet's extension: who can use the key (`service` or `passkey`). */
  min_profil_key_protection?: 'service' | 'passkey';
  iat: number;
  exp: number;
}

export const IssuedCredentialEntity = new EntitySchema<IssuedCredentialRow>({
  name: 'IssuedCredential',
  tableName: 'issued_credential',
  columns: {
    id: { type: 'varchar', primary: true },
    holderId: textColumn('holder_id'),
    configurationId: textColumn('configuration_id'),
    identityNumber: textColumn('identity_number'),
    statusListId: intColumn('status_list_id'),
    statusIndex: intColumn('status_index'),
    notificationId: textColumn('notification_id'),
    issuedAt: epochColumn('issued_at'),
    expiresAt: epochColumn('expires_at', true),
    walletEvent: textColumn('wallet_event', true),
    keyAttestation: jsonColumn('key_attestation', true),
    credentialIdentifier: textColumn('credential_identifier', true),
  },
  indices: [{ name: 'idx_issued_credential_person', columns: ['holderId', 'identityNumber'] }],
});

export interface StatusListRow {
  id: number;
  holderId: string;
  bits: number;
  size: number;
  /** Bumped on every status change, so any instance's cached list JWT knows it is stale. */
  version: number;
  /** How many indexes are allocated on it, counted in the transaction that allocates one. */
  allocated: number;
  createdAt: number;
}

export const StatusListEntity = new EntitySchema<StatusListRow>({
  name: 'StatusList',
  tableName: 'status_list',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    holderId: textColumn('holder_id'),
    bits: intColumn('bits'),
    size: intColumn('size'),
    version: intColumn('version'),
    allocated: intColumn('allocated'),
    createdAt: epochColumn('created_at'),
  },
});

/** One allocated index of a status list; absent indexes are unused (status 0). */
export interface StatusEntryRow {
  listId: number;
  idx: number;
  status: number;
}

export const StatusEntryEntity = new EntitySchema<StatusEntryRow>({
  name: 'StatusEntry',
  tableName: 'status_entry',
  columns: {
    listId: { type: 'integer', primary: true, name: 'list_id' },
    idx: { type: 'integer', primary: true },
    status: intColumn('status'),
  },
});

export interface DeferredTransactionRow {
  transactionIdHash: string;
  holderId: string;
  identityNumber: string;
  configurationId: string;
  /** Public JWKs of the proofs (string-valued members only). */
  holderJwks: Array<Record<string, string>>;
  /** The verified key attestation of each proof (same order; null where none), null before it was kept. */
  keyAttestations?: Array<KeyAttestationRecord | null> | null;
  createdAt: number;
  expiresAt: number;
  /** Set when the credentials were handed out; the id is then spent. */
  completedAt: number | null;
}

export const DeferredTransactionEntity = new EntitySchema<DeferredTransactionRow>({
  name: 'DeferredTransaction',
  tableName: 'deferred_transaction',
  columns: {
    transactionIdHash: { type: 'varchar', primary: true, name: 'transaction_id_hash' },
    holderId: textColumn('holder_id'),
    identityNumber: textColumn('identity_number'),
    configurationId: textColumn('configuration_id'),
    holderJwks: jsonColumn('holder_jwks'),
    keyAttestations: jsonColumn('key_attestations', true),
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
    completedAt: epochColumn('completed_at', true),
  },
});

/** Which KMS keys a holder has signed with; the newest is the active one (key rotation). */
export interface IssuerKeyRow {
  id: string;
  holderId: string;
  kmsKid: string;
  createdAt: number;
}

export const IssuerKeyEntity = new EntitySchema<IssuerKeyRow>({
  name: 'IssuerKey',
  tableName: 'issuer_key',
  columns: {
    id: { type: 'varchar', primary: true },
    holderId: textColumn('holder_id'),
    kmsKid: textColumn('kms_kid'),
    createdAt: epochColumn('created_at'),
  },
});

export const issuerEntities = [
  IssuerKeyEntity,
  PushedRequestEntity,
  RegisterRecordEntity,
  CredentialOfferEntity,
  AuthorizationRequestEntity,
  AccessTokenEntity,
  NonceEntity,
  SpentJtiEntity,
  IssuedCredentialEntity,
  StatusListEntity,
  StatusEntryEntity,
  DeferredTransactionEntity,
];
