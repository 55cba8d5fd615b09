import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/** Key rotation: the record of each holder's signing keys. */
export class CreateIssuerKeys1764700000000 implements MigrationInterface {
  name = 'CreateIssuerKeys1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'issuer_key',
        columns: [key('id'), text('holder_id'), text('kms_kid'), epoch('created_at')],
        indices: [{ name: 'idx_issuer_key_holder', columnNames: ['holder_id', 'created_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('issuer_key');
  }
}
