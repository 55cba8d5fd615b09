import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, int, varcharKey as key } from '@min-profil/shared/db-columns';
import { addOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';

/** Issue 22 (docs/cases.md): cases a consumer opened with a share, and their events' outbox. */
export class CreateCases1766220000000 implements MigrationInterface {
  name = 'CreateCases1766220000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'verifier_case',
        columns: [
          key('id'),
          text('consumer_id'),
          text('presentation_request_id'),
          long('title'),
          long('reference'),
          long('events_endpoint_hint', true),
          text('status'),
          text('wallet_case_id', true),
          long('inbox', true),
          int('next_seq'),
          epoch('created_at'),
          epoch('updated_at'),
        ],
        indices: [
          { name: 'idx_verifier_case_request', columnNames: ['presentation_request_id'] },
          { name: 'idx_verifier_case_wallet_id', columnNames: ['wallet_case_id'] },
          { name: 'idx_verifier_case_consumer', columnNames: ['consumer_id', 'updated_at'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'verifier_case_event',
        columns: [
          key('id'),
          text('case_id'),
          text('consumer_id'),
          int('seq'),
          text('type'),
          long('payload'),
          long('document', true),
          text('status'),
          int('attempts'),
          text('ordering_key'),
          epoch('next_attempt_at'),
          epoch('lease_until', true),
          text('last_error', true),
          epoch('created_at'),
          epoch('delivered_at', true),
        ],
        indices: [{ name: 'idx_verifier_case_event_due', columnNames: ['status', 'next_attempt_at'] }],
      }),
    );
    await addOrderingSeq(runner, 'verifier_case_event');
    await runner.createIndex(
      'verifier_case_event',
      new TableIndex({
        name: 'idx_verifier_case_event_ordering',
        columnNames: ['ordering_key', 'ordering_seq'],
      }),
    );
    await runner.createIndex(
      'verifier_case_event',
      new TableIndex({
        name: 'idx_verifier_case_event_case',
        columnNames: ['case_id', 'seq'],
        isUnique: true,
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('verifier_case_event');
    await runner.query('DROP SEQUENCE IF EXISTS verifier_case_event_ordering_seq').catch(() => undefined);
    await runner.dropTable('verifier_case');
  }
}
