import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch, int, varcharKey } from '@min-profil/shared/db-columns';

/** The webhook outbox: events to POST to consumers, durable across restarts (webhook-entities.ts). */
export class CreateWebhookOutbox1764800000000 implements MigrationInterface {
  name = 'CreateWebhookOutbox1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'webhook_outbox',
        columns: [
          varcharKey('id'),
          text('consumer_id'),
          json('url'),
          text('url_source'),
          text('event'),
          json('headers'),
          json('body', true),
          text('status'),
          int('attempts'),
          epoch('next_attempt_at'),
          epoch('lease_until', true),
          text('last_error', true),
          epoch('created_at'),
          epoch('delivered_at', true),
        ],
        indices: [{ name: 'idx_webhook_outbox_due', columnNames: ['status', 'next_attempt_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('webhook_outbox');
  }
}
