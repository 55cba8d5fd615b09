import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * Consent records (docs/consent-records.md): what the verifier told the wallet a consumer
 * received, on which terms, and the hash of the capability that lets the holder of the record
 * read its later uses and ask for erasure. No claim values: field names only.
 */
export type ConsentRecordStatus = 'active' | 'deleted' | 'deletion_refused';

export interface ReceivedFields {
  credential_query_id: string;
  vct: string;
  claims: string[];
}

export interface ConsentRecordRow {
  id: string;
  consumerId: string;
  /** Null for a record renewed by a standing permission the wallet started itself. */
  presentationRequestId: string | null;
  standingPermissionId: string | null;
  /** SHA-256 (base64url) of the capability; the capability itself went to the wallet only. */
  capabilityHash: string;
  template: string | null;
  fields: ReceivedFields[];
  status: ConsentRecordStatus;
  issuedAt: number;
  /** End of the retention period: the record and its usage log are deleted then. */
  expiresAt: number;
  deletionRequestedAt: number | null;
}

export const ConsentRecordEntity = new EntitySchema<ConsentRecordRow>({
  name: 'ConsentRecord',
  tableName: 'consent_record',
  columns: {
    id: { type: 'varchar', primary: true },
    consumerId: textColumn('consumer_id'),
    presentationRequestId: textColumn('presentation_request_id', true),
    standingPermissionId: textColumn('standing_permission_id', true),
    capabilityHash: textColumn('capability_hash'),
    template: textColumn('template', true),
    fields: jsonColumn('fields'),
    status: textColumn('status'),
    issuedAt: epochColumn('issued_at'),
    expiresAt: epochColumn('expires_at'),
    deletionRequestedAt: epochColumn('deletion_requested_at', true),
  },
});

/** How a consumer used what a record covers: `viewed` by staff, `sent` to its system, or its own. */
export interface ConsentUsageRow {
  id: string;
  recordId: string;
  at: number;
  action: string;
  /** Field names only (credential query id + claim name). */
  fields: string[];
  purpose: string | null;
}

export const ConsentUsageEntity = new EntitySchema<ConsentUsageRow>({
  name: 'ConsentUsage',
  tableName: 'consent_usage',
  columns: {
    id: { type: 'varchar', primary: true },
    recordId: textColumn('record_id'),
    at: epochColumn('at'),
    action: textColumn('action'),
    fields: jsonColumn('fields'),
    purpose: textColumn('purpose', true),
  },
  indices: [{ name: 'idx_consent_usage_record', columns: ['recordId', 'at'] }],
});

export const consentRecordEntities = [ConsentRecordEntity, ConsentUsageEntity];
