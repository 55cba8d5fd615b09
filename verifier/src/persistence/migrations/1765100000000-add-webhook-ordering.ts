import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addOrderingSeq, dropOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';

/**
 * Per-key ordering of the webhook outbox (shared/src/outbox): an ordering key (the standing
 * permission an event is about) and the sequence rows of one key go out in. Rows written before
 * get no key, so they are sent as before, unordered.
 */
export class AddWebhookOrdering1765100000000 implements MigrationInterface {
  name = 'AddWebhookOrdering1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await addOrderingSeq(runner, 'webhook_outbox');
    await runner.query('ALTER TABLE webhook_outbox ADD COLUMN ordering_key varchar');
    await runner.query(
      'CREATE INDEX idx_webhook_outbox_ordering ON webhook_outbox (ordering_key, ordering_seq)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX idx_webhook_outbox_ordering');
    await runner.query('ALTER TABLE webhook_outbox DROP COLUMN ordering_key');
    await dropOrderingSeq(runner, 'webhook_outbox');
  }
}
