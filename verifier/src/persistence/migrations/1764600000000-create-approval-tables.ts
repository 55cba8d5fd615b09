import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch } from '@min-profil/shared/db-columns';

/** Issue 6: approval requests (document, transaction data, evidence, receipt). */
export class CreateApprovalTables1764600000000 implements MigrationInterface {
  name = 'CreateApprovalTables1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'approval_request',
        columns: [
          { name: 'id', type: 'varchar', isPrimary: true },
          text('consumer_id'),
          json('title'),
          text('media_type'),
          json('document'),
          text('document_hash'),
          { ...text('document_token'), isUnique: true },
          json('transaction_data'),
          { ...text('receipt_id', true), isUnique: true },
          json('receipt', true),
          json('evidence', true),
          epoch('approved_at', true),
          epoch('created_at'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('approval_request');
  }
}
