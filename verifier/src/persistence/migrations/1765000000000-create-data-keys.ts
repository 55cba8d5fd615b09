import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { text as json, epoch, varcharKey } from '@min-profil/shared/db-columns';

/** Per-consumer data keys, wrapped by the master data key (data-key-entities.ts). */
export class CreateDataKeys1765000000000 implements MigrationInterface {
  name = 'CreateDataKeys1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'verifier_data_key',
        columns: [varcharKey('consumer_id'), json('wrapped_key'), epoch('created_at')],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('verifier_data_key');
  }
}
