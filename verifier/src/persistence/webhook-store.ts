import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { WebhookEntity, type WebhookRow, type WebhookStatus } from './webhook-entities.js';
import { asPartial } from '@min-profil/shared/entity-columns';
import type { DataSealer } from '../crypto/data-sealer.js';

/** A transaction the state change and its webhook row share (from `ctx.db.transaction`). */
export type Transaction = EntityManager;

export type NewWebhook = Pick<WebhookRow, 'consumerId' | 'url' | 'urlSource' | 'event' | 'headers'> & {
  body: string;
};

/**
 * Data access for the webhook outbox. A row is taken by one worker with a conditional UPDATE of
 * `lease_until` (the affected-row count says who won), and settled only while that lease still
 * holds, so two instances on one PostgreSQL database send each attempt once. A pending body
 * carries claim values or a profile: sealed at rest (data-sealer.ts), opened here.
 */
export function createWebhookStore(db: Database, sealer: DataSealer) {
  const ds = db.dataSource;
  const repo = () => ds.getRepository(WebhookEntity);
  const bodyAad = (id: string) => `webhook_outbox.body:${id}`;
  const open = (row: WebhookRow | null): WebhookRow | null =>
    row && {
      ...row,
      body: row.body === null ? null : sealer.openText(row.consumerId, bodyAad(row.id), row.body),
    };

  return {
    /** The first attempt is due at once (`nowMs`); `now` is the service clock (epoch seconds). */
    async insertWebhook(
      webhook: NewWebhook,
      times: { now: number; nowMs: number },
      tx?: Transaction,
    ): Promise<string> {
      const id = randomUUID();
      await (tx ?? ds.manager).getRepository(WebhookEntity).insert(
        asPartial({
          ...webhook,
          body: sealer.sealText(webhook.consumerId, bodyAad(id), webhook.body),
          id,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: times.nowMs,
          leaseUntil: null,
          lastError: null,
          createdAt: times.now,
          deliveredAt: null,
        }),
      );
      return id;
    },

    async findWebhook(id: string): Promise<WebhookRow | null> {
      return open(await repo().findOneBy({ id }));
    },

    /** Candidates for a claim: pending, due, and not leased by a live worker. */
    async listDueWebhookIds(nowMs: number, limit: number): Promise<string[]> {
      const rows = await repo()
        .createQueryBuilder('w')
        .select('w.id', 'id')
        .where("w.status = 'pending' AND w.next_attempt_at <= :nowMs", { nowMs })
        .andWhere('(w.lease_until IS NULL OR w.lease_until < :nowMs)', { nowMs })
        .orderBy('w.next_attempt_at', 'ASC')
        .addOrderBy('w.created_at', 'ASC')
        .limit(limit)
        .getRawMany<{ id: string }>();
      return rows.map((r) => r.id);
    },

    /**
     * Takes a row until `leaseUntil`. The WHERE re-checks due and lease, so of two instances
     * racing for it exactly one gets affected = 1 (on PostgreSQL the other waits on the row
     * lock, then sees the new lease).
     */
    async claimWebhook(id: string, nowMs: number, leaseUntil: number): Promise<WebhookRow | null> {
      const result = await ds
        .createQueryBuilder()
        .update(WebhookEntity)
        .set({ leaseUntil })
        .where("id = :id AND status = 'pending' AND next_attempt_at <= :nowMs", { id, nowMs })
        .andWhere('(lease_until IS NULL OR lease_until < :nowMs)', { nowMs })
        .execute();
      if (result.affected !== 1) return null;
      return open(await repo().findOneBy({ id }));
    },

    /**
     * Records an attempt's outcome; false when the lease ran out and another worker took the
     * row meanwhile (`claimedLease`: the lease_until this worker set). A settled row loses its
     * body: it carries claim values or a profile, kept no longer than needed.
     */
    async settleWebhook(
      id: string,
      claimedLease: number,
      values: {
        status: WebhookStatus;
        attempts: number;
        nextAttemptAt?: number;
        lastError: string | null;
        deliveredAt?: number;
      },
    ): Promise<boolean> {
      const result = await ds
        .createQueryBuilder()
        .update(WebhookEntity)
        .set({ ...values, leaseUntil: null, ...(values.status === 'pending' ? {} : { body: null }) })
        .where("id = :id AND status = 'pending' AND lease_until = :claimedLease", { id, claimedLease })
        .execute();
      return result.affected === 1;
    },

    /** When the earliest pending row is due (ms), whoever holds it; null when none is pending. */
    async nextPendingAt(): Promise<number | null> {
      const row = await repo()
        .createQueryBuilder('w')
        .select('MIN(w.next_attempt_at)', 'next')
        .where("w.status = 'pending'")
        .getRawOne<{ next: string | number | null }>();
      return row?.next === null || row?.next === undefined ? null : Number(row.next);
    },

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
