import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { text as json } from '@min-profil/shared/db-columns';

/**
 * What the wallet provider attested about the holder key a credential is bound to (OID4VCI 1.0
 * Appendix D): provider, key storage and user authentication levels, the attestation's times.
 * Rows from before, and credentials whose proof had no key attestation, have none (null).
 */
export class RecordKeyAttestations1765240000000 implements MigrationInterface {
  name = 'RecordKeyAttestations1765240000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('issued_credential', new TableColumn(json('key_attestation', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('issued_credential', 'key_attestation');
  }
}
