import { EntitySchema } from 'typeorm';
import { epochColumn, intColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';
import { orderingSeqColumn } from '@min-profil/shared/outbox/ordering-seq';

/**
 * The webhook outbox: one row per event to POST to a consumer's system, written in the same
 * transaction as the state change it reports, so an event is never lost to a restart. The body
 * is the JSON text exactly as sent (the signature is computed at send time); it is dropped
 * once the row is settled, since it carries claim values or a profile.
 */
export type WebhookStatus = 'pending' | 'delivered' | 'failed';

/** `presentation_result` (also approvals), a standing-permission event name, or an erasure request. */
export type WebhookEvent =
  | 'presentation_result'
  | 'record.deletion_requested'
  | 'standing_permission.granted'
  | 'standing_permission.updated'
  | 'standing_permission.withdrawn'
  | 'case.stopped'
  | 'case.undeliverable';

export interface WebhookRow {
  id: string;
  consumerId: string;
  url: string;
  /** Whether `url` came from the consumer (callback_url): checked against SSRF before each POST. */
  urlSource: 'consumer' | 'operator';
  event: WebhookEvent;
  /** Extra headers (`x-presentation-request-id`, `x-webhook-event`, …); identifiers only. */
  headers: Record<string, string>;
  /** Null once settled. */
  body: string | null;
  status: WebhookStatus;
  attempts: number;
  /**
   * Rows of one key are sent one at a time, in `orderingSeq` order: the standing permission an
   * event is about (`standing_permission:<id>`); null (a presentation result, one per request).
   */
  orderingKey: string | null;
  /** Set at insert (shared/src/outbox/ordering-seq.ts). */
  orderingSeq: number;
  /** Epoch milliseconds: retries back off from `webhookRetryDelayMs`, below a second. */
  nextAttemptAt: number;
  /** Epoch milliseconds: the worker that claimed the row owns it until then (a crash frees it). */
  leaseUntil: number | null;
  /** An HTTP status or an error class, never body content. */
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export const WebhookEntity = new EntitySchema<WebhookRow>({
  name: 'Webhook',
  tableName: 'webhook_outbox',
  columns: {
    id: { type: 'varchar', primary: true },
    consumerId: textColumn('consumer_id'),
    url: textColumn('url'),
    urlSource: textColumn('url_source'),
    event: textColumn('event'),
    headers: jsonColumn('headers'),
    body: { type: 'text', nullable: true },
    status: textColumn('status'),
    orderingKey: textColumn('ordering_key', true),
    orderingSeq: orderingSeqColumn,
    attempts: intColumn('attempts'),
    nextAttemptAt: epochColumn('next_attempt_at'),
    leaseUntil: epochColumn('lease_until', true),
    lastError: textColumn('last_error', true),
    createdAt: epochColumn('created_at'),
    deliveredAt: epochColumn('delivered_at', true),
  },
  indices: [
    { name: 'idx_webhook_outbox_due', columns: ['status', 'nextAttemptAt'] },
    { name: 'idx_webhook_outbox_ordering', columns: ['orderingKey', 'orderingSeq'] },
  ],
});
