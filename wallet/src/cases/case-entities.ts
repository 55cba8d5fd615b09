import { EntitySchema } from 'typeorm';
import { epochColumn, intColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';
import { CaseStopNoticeEntity } from './stop-notice-entities.js';

/**
 * A case the person opened with a share (docs/cases.md): the body tells, the person decides.
 * `open` until the person stops it or the body closes it.
 */
export type WalletCaseStatus = 'open' | 'stopped' | 'closed';

export interface WalletCaseRow {
  /** The `case_id` given to the verifier: random, at least 256 bits, base64url. */
  id: string;
  accountId: string;
  /** SHA-256 (hex) of the case inbox capability; the capability itself is only in the URL. */
  capabilityHash: string;
  consumerId: string;
  clientId: string;
  consumerName: Record<string, string> | null;
  title: string;
  reference: string;
  stopEndpoint: string;
  /** The wallet's presentation request whose answer opened the case. */
  presentationRequestId: string;
  status: WalletCaseStatus;
  /** The sequence number of the last event applied (0: none yet). */
  lastSeq: number;
  createdAt: number;
  lastActivityAt: number;
  stoppedAt: number | null;
}

export type WalletCaseEventType = 'received' | 'in_progress' | 'needs_information' | 'decision' | 'closed';

export interface WalletCaseEventRow {
  /** Local id. */
  id: string;
  caseId: string;
  accountId: string;
  /** The consumer's event id. */
  eventId: string;
  seq: number;
  type: WalletCaseEventType;
  title: string | null;
  message: string | null;
  /** A decision's document: `{ media_type, title, document_hash, document_hash_alg }`. */
  documentMeta: Record<string, string> | null;
  /** The document's bytes, sealed with the person's data key. */
  document: string | null;
  /** needs_information: the request to answer, and who asks. */
  requestUri: string | null;
  requestClientId: string | null;
  /** Until when that request can be answered (epoch seconds), when the event says. */
  requestExpiresAt: number | null;
  /** The wallet's presentation request, once the person opened it from the case. */
  answerRequestId: string | null;
  receivedAt: number;
}

export const WalletCaseEntity = new EntitySchema<WalletCaseRow>({
  name: 'WalletCase',
  tableName: 'wallet_case',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    capabilityHash: textColumn('capability_hash'),
    consumerId: textColumn('consumer_id'),
    clientId: textColumn('client_id'),
    consumerName: jsonColumn('consumer_name', true),
    title: textColumn('title'),
    reference: textColumn('reference'),
    stopEndpoint: textColumn('stop_endpoint'),
    presentationRequestId: textColumn('presentation_request_id'),
    status: textColumn('status'),
    lastSeq: intColumn('last_seq'),
    createdAt: epochColumn('created_at'),
    lastActivityAt: epochColumn('last_activity_at'),
    stoppedAt: epochColumn('stopped_at', true),
  },
  indices: [
    { name: 'idx_wallet_case_capability', columns: ['capabilityHash'], unique: true },
    { name: 'idx_wallet_case_account', columns: ['accountId', 'lastActivityAt'] },
  ],
});

export const WalletCaseEventEntity = new EntitySchema<WalletCaseEventRow>({
  name: 'WalletCaseEvent',
  tableName: 'wallet_case_event',
  columns: {
    id: { type: 'varchar', primary: true },
    caseId: textColumn('case_id'),
    accountId: textColumn('account_id'),
    eventId: textColumn('event_id'),
    seq: intColumn('seq'),
    type: textColumn('type'),
    title: textColumn('title', true),
    message: textColumn('message', true),
    documentMeta: jsonColumn('document_meta', true),
    document: { type: 'text', nullable: true },
    requestUri: textColumn('request_uri', true),
    requestClientId: textColumn('request_client_id', true),
    requestExpiresAt: epochColumn('request_expires_at', true),
    answerRequestId: textColumn('answer_request_id', true),
    receivedAt: epochColumn('received_at'),
  },
  indices: [{ name: 'idx_wallet_case_event_seq', columns: ['caseId', 'seq'], unique: true }],
});

export const walletCaseEntities = [WalletCaseEntity, WalletCaseEventEntity, CaseStopNoticeEntity];
