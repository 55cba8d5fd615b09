import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text } from '@min-profil/shared/db-columns';

/**
 * HAIP 1.0: a `direct_post.jwt` request gets its own ephemeral ECDH-ES key (sealed at rest, deleted
 * once the request is answered or expired). Rows written before have none (NULL) and keep
 * decrypting with their consumer's key until they expire.
 */
export class AddRequestEncryptionKey1765200000000 implements MigrationInterface {
  name = 'AddRequestEncryptionKey1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('presentation_request', new TableColumn(text('response_encryption_key', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('presentation_request', 'response_encryption_key');
  }
}
