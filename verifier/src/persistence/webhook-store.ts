import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { WebhookEntity, type WebhookRow, type WebhookStatus } from './webhook-entities.js';
import { asPartial } from '@min-profil/shared/entity-columns';
import { createOutboxTable } from '@min-profil/shared/outbox/outbox-table';
import { nextOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';
import { sealedOutboxPort } from '@min-profil/shared/outbox/sealed-outbox-port';
import type { DataSealer } from '../crypto/data-sealer.js';

/** A transaction the state change and its webhook row share (from `ctx.db.transaction`). */
export type Transaction = EntityManager;

export type NewWebhook = Pick<WebhookRow, 'consumerId' | 'url' | 'urlSource' | 'event' | 'headers'> & {
  body: string;
  /** Rows of one key are sent one at a time, in the order written (webhook-entities.ts). */
  orderingKey?: string | null;
};

/**
 * Data access for the webhook outbox, and its side of the outbox worker (`OutboxStore`): a row
 * is taken by one worker with a conditional UPDATE of `lease_until` and settled only while that
 * lease still holds (shared/src/outbox/outbox-table.ts), so two instances on one PostgreSQL
 * database send each attempt once; rows of one ordering key go out one at a time, in order.
 * A pending body carries claim values or a profile: sealed at rest (data-sealer.ts), opened here.
 */
export function createWebhookStore(db: Database, sealer: DataSealer) {
  const ds = db.dataSource;
  const table = createOutboxTable<WebhookRow>({
    dataSource: ds,
    entity: WebhookEntity,
    table: 'webhook_outbox',
    unitMs: 1,
    keyColumn: 'ordering_key',
  });
  const repo = () => ds.getRepository(WebhookEntity);
  const bodyAad = (id: string) => `webhook_outbox.body:${id}`;
  const open = (row: WebhookRow | null): WebhookRow | null =>
    row && {
      ...row,
      body: row.body === null ? null : sealer.openText(row.consumerId, bodyAad(row.id), row.body),
    };

  /** The first attempt is due at once (`nowMs`); `now` is the service clock (epoch seconds). */
  async function insertWebhook(
    webhook: NewWebhook,
    times: { now: number; nowMs: number },
    tx?: Transaction,
  ): Promise<string> {
    const id = randomUUID();
    const manager = tx ?? ds.manager;
    await manager.getRepository(WebhookEntity).insert({
      ...asPartial<WebhookRow>({
        ...webhook,
        body: sealer.sealText(webhook.consumerId, bodyAad(id), webhook.body),
        id,
        orderingKey: webhook.orderingKey ?? null,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: times.nowMs,
        leaseUntil: null,
        lastError: null,
        createdAt: times.now,
        deliveredAt: null,
      }),
      orderingSeq: nextOrderingSeq(manager, 'webhook_outbox'),
    });
    return id;
  }

  return {
    insertWebhook,

    async findWebhook(id: string): Promise<WebhookRow | null> {
      return open(await repo().findOneBy({ id }));
    },

    /** The outbox worker's side (shared/src/outbox/outbox-port.ts); times in epoch ms. */
    worker: sealedOutboxPort(table, { column: 'body', open: (row) => open(row)! }),

    /** Drops settled rows (they hold no body any more) created before `before` (epoch seconds). */
    async purgeSettledWebhooks(before: number): Promise<number> {
      const result = await ds
        .createQueryBuilder()
        .delete()
        .from(WebhookEntity)
        .where("status IN ('delivered', 'failed') AND created_at < :before", { before })
        .execute();
      return result.affected ?? 0;
    },

    async listWebhooks(filter: { status?: WebhookStatus } = {}): Promise<WebhookRow[]> {
      const rows = await repo().find({ where: filter, order: { createdAt: 'ASC' } });
      return rows.map((row) => open(row)!);
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
