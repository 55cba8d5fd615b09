import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch } from '@min-profil/shared/db-columns';

/**
 * "Who has used my data": every use of a person's data at a holder (issuance, register
 * look-ups, staff views, status changes), keyed by an HMAC of the person's number, never the
 * number. The index serves the person's newest-first keyset pages. Access tokens get a
 * `scopes` column (null on every existing row): grants that are not credentials (`usage_log`),
 * apart from `configuration_ids` so the credential endpoint never sees them.
 */
export class CreateUsageLog1765219000000 implements MigrationInterface {
  name = 'CreateUsageLog1765219000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'usage_record',
        columns: [
          // Increasing: orders uses within one second the way they were recorded.
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          text('holder_id'),
          text('person_key'),
          epoch('time'),
          text('action'),
          text('receiver_name'),
          text('receiver_org_number', true),
          text('receiver_system', true),
          json('fields'),
          text('purpose'),
          text('legal_basis'),
        ],
      }),
    );
    await runner.createIndex(
      'usage_record',
      new TableIndex({
        name: 'idx_usage_record_person',
        columnNames: ['holder_id', 'person_key', 'time', 'id'],
      }),
    );
    await runner.addColumn('access_token', new TableColumn(json('scopes', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('access_token', 'scopes');
    await runner.dropTable('usage_record');
  }
}
