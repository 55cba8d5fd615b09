import { EntitySchema } from 'typeorm';
import { ApprovalEntity } from './approval-entities.js';
import { consentRecordEntities } from './consent-record-entities.js';
import { DataKeyEntity } from './data-key-entities.js';
import { standingPermissionEntities } from './standing-permission-entities.js';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';
import { WebhookEntity } from './webhook-entities.js';
import { SecondSignatoryEntity } from '../approval/second-signatory-entity.js';
import { caseEntities } from '../cases/case-entities.js';

/**
 * The verifier's one table: a presentation request from its creation by the consumer to its
 * result. nonce and state are kept in clear: the request object, signed on each fetch, carries them.
 * Claim values are kept only until `claims_expire_at`, then deleted; checks and outcome stay.
 * A request that expired unanswered is deleted by the housekeeping job (housekeeping.ts).
 */
/** `pending_second_signatory`: verified, but the company's signing rule needs another signatory (issue #21). */
export type PresentationStatus = 'pending' | 'verified' | 'pending_second_signatory' | 'rejected';

export interface CheckResult {
  name: string;
  passed: boolean;
  detail?: string;
  /** The DCQL credential query the check was made for. */
  query_id?: string;
  /** Which presentation of that query (OpenID4VP 1.0 §8.1: an array per query id). */
  index?: number;
}

export interface VerifiedClaims {
  [queryId: string]: Array<Record<string, unknown> & { issuer: string; vct: string }>;
}

export interface PresentationRequestRow {
  id: string;
  consumerId: string;
  clientId: string;
  nonce: string;
  state: string;
  dcqlQuery: Record<string, unknown>;
  template: string | null;
  purpose: string;
  responseMode: 'direct_post' | 'direct_post.jwt' | 'dc_api' | 'dc_api.jwt';
  redirectUri: string | null;
  callbackUrl: string | null;
  beyondRegistration: Array<{ type: string; claims: Array<Array<string | number | null>> }>;
  status: PresentationStatus;
  createdAt: number;
  expiresAt: number;
  /** Set once, by the conditional UPDATE that consumes nonce and state. */
  respondedAt: number | null;
  completedAt: number | null;
  responseCodeHash: string | null;
  checks: CheckResult[] | null;
  claims: VerifiedClaims | null;
  claimsExpireAt: number | null;
  error: string | null;
  errorDescription: string | null;
  /** The request's `standing_permission` ask (its endpoints derive from the base URL). */
  standingPermission?: { credential_ids: string[] } | null;
  /**
   * Set on requests a demo page created: the SHA-256 of that browser's page-session cookie.
   * Only that session sees them (result, log, document); null for requests made through the API.
   */
  pageSession?: string | null;
  /**
   * `direct_post.jwt` (HAIP 1.0): this request's own ECDH-ES private key, sealed
   * (request-encryption-key.ts); `deleted` once answered or expired; null on requests made before
   * per-request keys, which decrypt with their consumer's key.
   */
  responseEncryptionKey?: string | null;
  /** `dc_api`, `dc_api.jwt`: the origins the consumer's page calls the Digital Credentials API from. */
  expectedOrigins?: string[] | null;
}

export const PresentationRequestEntity = new EntitySchema<PresentationRequestRow>({
  name: 'PresentationRequest',
  tableName: 'presentation_request',
  columns: {
    id: { type: 'varchar', primary: true },
    consumerId: textColumn('consumer_id'),
    clientId: textColumn('client_id'),
    nonce: { ...textColumn('nonce'), unique: true },
    state: { ...textColumn('state'), unique: true },
    dcqlQuery: jsonColumn('dcql_query'),
    template: textColumn('template', true),
    purpose: textColumn('purpose'),
    responseMode: textColumn('response_mode'),
    redirectUri: textColumn('redirect_uri', true),
    callbackUrl: textColumn('callback_url', true),
    beyondRegistration: jsonColumn('beyond_registration'),
    status: textColumn('status'),
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
    respondedAt: epochColumn('responded_at', true),
    completedAt: epochColumn('completed_at', true),
    responseCodeHash: textColumn('response_code_hash', true),
    checks: jsonColumn('checks', true),
    claims: jsonColumn('claims', true),
    claimsExpireAt: epochColumn('claims_expire_at', true),
    error: textColumn('error', true),
    errorDescription: textColumn('error_description', true),
    standingPermission: jsonColumn('standing_permission', true),
    pageSession: textColumn('page_session', true),
    responseEncryptionKey: textColumn('response_encryption_key', true),
    expectedOrigins: jsonColumn('expected_origins', true),
  },
  indices: [
    { name: 'idx_presentation_request_consumer', columns: ['consumerId', 'createdAt'] },
    { name: 'idx_presentation_request_page_session', columns: ['consumerId', 'pageSession'] },
    { name: 'idx_presentation_request_expiry', columns: ['expiresAt'] },
    // The housekeeping's: only the rows each statement still has to act on (the migration says why).
    {
      name: 'idx_presentation_request_claims_expiry',
      columns: ['claimsExpireAt'],
      where: 'claims IS NOT NULL',
    },
    {
      name: 'idx_presentation_request_key_expiry',
      columns: ['expiresAt'],
      where: "response_encryption_key <> 'deleted'",
    },
    {
      name: 'idx_presentation_request_unanswered_expiry',
      columns: ['expiresAt'],
      where: 'responded_at IS NULL',
    },
    {
      name: 'idx_presentation_request_answered_page_expiry',
      columns: ['expiresAt'],
      where: 'responded_at IS NOT NULL AND page_session IS NOT NULL',
    },
  ],
});

export const verifierEntities = [
  PresentationRequestEntity,
  ApprovalEntity,
  ...standingPermissionEntities,
  WebhookEntity,
  DataKeyEntity,
  ...consentRecordEntities,
  SecondSignatoryEntity,
  ...caseEntities,
];
