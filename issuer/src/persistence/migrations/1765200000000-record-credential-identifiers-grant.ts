import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { int } from '@min-profil/shared/db-columns';

/**
 * Whether a token response granted credential identifiers: then the credential request names
 * one (`credential_identifier`), never a `credential_configuration_id` (OID4VCI 1.0 §8.2).
 * Tokens from before have none (they live minutes) and keep the lenient reading.
 */
export class RecordCredentialIdentifiersGrant1765200000000 implements MigrationInterface {
  name = 'RecordCredentialIdentifiersGrant1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('access_token', new TableColumn(int('credential_identifiers_issued', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('access_token', 'credential_identifiers_issued');
  }
}
