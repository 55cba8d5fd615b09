import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { text as json } from '@min-profil/shared/db-columns';

/**
 * The key attestations verified with a deferred request's proofs (OID4VCI 1.0 Appendix D), one
 * per holder key, kept until the credentials are issued so they are recorded with them as in
 * the immediate path. Transactions from before have none (null): their credentials record none.
 */
export class RecordDeferredKeyAttestations1766100000000 implements MigrationInterface {
  name = 'RecordDeferredKeyAttestations1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('deferred_transaction', new TableColumn(json('key_attestations', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('deferred_transaction', 'key_attestations');
  }
}
