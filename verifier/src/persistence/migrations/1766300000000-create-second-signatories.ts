import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as sealed, epoch, varcharKey } from '@min-profil/shared/db-columns';

/**
 * Två i förening (issue #21, docs/representation.md): the approval request a company's second
 * signatory answers, the first signatory's request it completes, and — sealed with the
 * consumer's key, like claims — the company and the person the first signatory named.
 */
export class CreateSecondSignatories1766300000000 implements MigrationInterface {
  name = 'CreateSecondSignatories1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'second_signatory',
        columns: [
          varcharKey('request_id'),
          text('first_request_id'),
          text('consumer_id'),
          sealed('expected'),
          epoch('created_at'),
          epoch('completed_at', true),
        ],
        indices: [{ name: 'idx_second_signatory_first', columnNames: ['first_request_id'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('second_signatory');
  }
}
