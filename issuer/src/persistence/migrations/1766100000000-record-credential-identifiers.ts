import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text } from '@min-profil/shared/db-columns';

/**
 * Which of a person's several credentials of one configuration an issued credential is (its
 * OID4VCI credential identifier): Mina ombud revokes every credential of one grant at once by
 * it (issue #21). Rows from before, and configurations with one credential, have none (null).
 */
export class RecordCredentialIdentifiers1766100000000 implements MigrationInterface {
  name = 'RecordCredentialIdentifiers1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('issued_credential', new TableColumn(text('credential_identifier', true)));
    await runner.createIndex(
      'issued_credential',
      new TableIndex({
        name: 'idx_issued_credential_identifier',
        columnNames: ['holder_id', 'credential_identifier'],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('issued_credential', 'idx_issued_credential_identifier');
    await runner.dropColumn('issued_credential', 'credential_identifier');
  }
}
