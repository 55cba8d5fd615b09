import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addOrderingSeq, dropOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';

/**
 * The delivery outbox goes through the shared outbox worker, which sends the rows of one
 * permission one at a time in `ordering_seq` order (rows written before are numbered in the
 * order they were written).
 */
export class AddDeliveryOrdering1765100000000 implements MigrationInterface {
  name = 'AddDeliveryOrdering1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await addOrderingSeq(runner, 'wallet_profile_delivery');
    await runner.query(
      'CREATE INDEX idx_wallet_profile_delivery_ordering ON wallet_profile_delivery (permission_id, ordering_seq)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX idx_wallet_profile_delivery_ordering');
    await dropOrderingSeq(runner, 'wallet_profile_delivery');
  }
}
