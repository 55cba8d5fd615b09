import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch } from '@min-profil/shared/db-columns';

export class CreateVerifierTables1764500000000 implements MigrationInterface {
  name = 'CreateVerifierTables1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'presentation_request',
        columns: [
          { name: 'id', type: 'varchar', isPrimary: true },
          text('consumer_id'),
          text('client_id'),
          { ...text('nonce'), isUnique: true },
          { ...text('state'), isUnique: true },
          json('dcql_query'),
          text('template', true),
          json('purpose'),
          text('response_mode'),
          json('redirect_uri', true),
          json('callback_url', true),
          json('beyond_registration'),
          text('status'),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('responded_at', true),
          epoch('completed_at', true),
          text('response_code_hash', true),
          json('checks', true),
          json('claims', true),
          epoch('claims_expire_at', true),
          text('error', true),
          json('error_description', true),
        ],
        indices: [{ name: 'idx_presentation_request_consumer', columnNames: ['consumer_id', 'created_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('presentation_request');
  }
}
