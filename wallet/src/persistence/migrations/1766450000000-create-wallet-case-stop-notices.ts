import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, int, varcharKey as key } from '@min-profil/shared/db-columns';
import { addOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';

/**
 * Issue 22 (docs/cases.md "Stopping"): the outbox of stop notices, so the consumer is told of a
 * stop at least once, retried and across restarts, instead of by one direct call.
 */
export class CreateWalletCaseStopNotices1766450000000 implements MigrationInterface {
  name = 'CreateWalletCaseStopNotices1766450000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_case_stop_notice',
        columns: [
          key('id'),
          text('case_id'),
          long('stop_endpoint'),
          text('status'),
          int('attempts'),
          epoch('next_attempt_at'),
          epoch('lease_until', true),
          text('last_error', true),
          epoch('created_at'),
          epoch('delivered_at', true),
        ],
        indices: [
          { name: 'idx_wallet_case_stop_notice_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'idx_wallet_case_stop_notice_case', columnNames: ['case_id'] },
        ],
      }),
    );
    // The column (and on PostgreSQL its sequence) the shared outbox orders claims by.
    await addOrderingSeq(runner, 'wallet_case_stop_notice');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_case_stop_notice');
    if (runner.connection.options.type === 'postgres')
      await runner.query('DROP SEQUENCE IF EXISTS wallet_case_stop_notice_ordering_seq');
  }
}
