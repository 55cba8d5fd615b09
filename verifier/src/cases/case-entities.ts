import { EntitySchema } from 'typeorm';
import { epochColumn, intColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';
import { orderingSeqColumn } from '@min-profil/shared/outbox/ordering-seq';

/**
 * A case a consumer asked to open with a presentation request (docs/cases.md). `asked` until
 * the answer comes; `open` when the wallet accepted (it gave a case id and an inbox), `declined`
 * when it did not; `stopped` by the person, `closed` by the consumer; `undeliverable` when the
 * wallet refused one of its events for good (docs/cases.md "Delivery"): the wallet applies
 * events only in order, so nothing after that event can reach the person.
 */
export type CaseStatus = 'asked' | 'open' | 'declined' | 'stopped' | 'closed' | 'undeliverable';

export interface CaseRow {
  /** The verifier's id of the case: what the consumer's API names it by. */
  id: string;
  consumerId: string;
  presentationRequestId: string;
  title: string;
  reference: string;
  eventsEndpointHint: string | null;
  status: CaseStatus;
  /**
   * The wallet's `case_id`: a secret between the wallet and the verifier (it authenticates the
   * stop), so never shown to the consumer's system.
   */
  walletCaseId: string | null;
  /** The case inbox URL with its capability; sealed at rest. */
  inbox: string | null;
  /** The next event's sequence number (1 for the first). */
  nextSeq: number;
  createdAt: number;
  updatedAt: number;
}

export type CaseEventType = 'received' | 'in_progress' | 'needs_information' | 'decision' | 'closed';
export type CaseEventStatus = 'pending' | 'delivered' | 'failed';

/** What an event says besides its type (identifiers and titles, never claim values). */
export interface CaseEventPayload {
  title?: string;
  message?: string;
  document?: { media_type: string; title: string; document_hash: string; document_hash_alg: 'sha-256' };
  /** needs_information: the presentation request created for it. */
  presentationRequestId?: string;
  requestUri?: string;
  clientId?: string;
  /** needs_information: until when its request can be answered (epoch seconds). */
  requestExpiresAt?: number;
}

/**
 * One event of a case, and its outbox row: written in the transaction that numbers it and
 * sent to the wallet's inbox by the shared outbox worker, one case at a time in `seq` order
 * (ordering key: the case id).
 */
export interface CaseEventRow {
  id: string;
  caseId: string;
  consumerId: string;
  seq: number;
  type: CaseEventType;
  payload: CaseEventPayload;
  /** The decision's document, base64, sealed; dropped once delivered. */
  document: string | null;
  status: CaseEventStatus;
  attempts: number;
  orderingKey: string;
  orderingSeq: number;
  /** Epoch milliseconds. */
  nextAttemptAt: number;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export const CaseEntity = new EntitySchema<CaseRow>({
  name: 'VerifierCase',
  tableName: 'verifier_case',
  columns: {
    id: { type: 'varchar', primary: true },
    consumerId: textColumn('consumer_id'),
    presentationRequestId: textColumn('presentation_request_id'),
    title: textColumn('title'),
    reference: textColumn('reference'),
    eventsEndpointHint: textColumn('events_endpoint_hint', true),
    status: textColumn('status'),
    walletCaseId: textColumn('wallet_case_id', true),
    inbox: { type: 'text', nullable: true },
    nextSeq: intColumn('next_seq'),
    createdAt: epochColumn('created_at'),
    updatedAt: epochColumn('updated_at'),
  },
  indices: [
    { name: 'idx_verifier_case_request', columns: ['presentationRequestId'] },
    { name: 'idx_verifier_case_wallet_id', columns: ['walletCaseId'] },
    { name: 'idx_verifier_case_consumer', columns: ['consumerId', 'updatedAt'] },
  ],
});

export const CaseEventEntity = new EntitySchema<CaseEventRow>({
  name: 'VerifierCaseEvent',
  tableName: 'verifier_case_event',
  columns: {
    id: { type: 'varchar', primary: true },
    caseId: textColumn('case_id'),
    consumerId: textColumn('consumer_id'),
    seq: intColumn('seq'),
    type: textColumn('type'),
    payload: jsonColumn('payload'),
    document: { type: 'text', nullable: true },
    status: textColumn('status'),
    attempts: intColumn('attempts'),
    orderingKey: textColumn('ordering_key'),
    orderingSeq: orderingSeqColumn,
    nextAttemptAt: epochColumn('next_attempt_at'),
    leaseUntil: epochColumn('lease_until', true),
    lastError: textColumn('last_error', true),
    createdAt: epochColumn('created_at'),
    deliveredAt: epochColumn('delivered_at', true),
  },
  indices: [
    { name: 'idx_verifier_case_event_due', columns: ['status', 'nextAttemptAt'] },
    { name: 'idx_verifier_case_event_ordering', columns: ['orderingKey', 'orderingSeq'] },
    { name: 'idx_verifier_case_event_case', columns: ['caseId', 'seq'], unique: true },
  ],
});

export const caseEntities = [CaseEntity, CaseEventEntity];
