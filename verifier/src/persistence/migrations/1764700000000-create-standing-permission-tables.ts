import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch, varcharKey } from '@min-profil/shared/db-columns';

/** Standing permissions: the request's ask, the permissions, applied changes, update nonces. */
export class CreateStandingPermissionTables1764700000000 implements MigrationInterface {
  name = 'CreateStandingPermissionTables1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('presentation_request', new TableColumn(json('standing_permission', true)));
    await runner.createTable(
      new Table({
        name: 'standing_permission',
        columns: [
          varcharKey('id'),
          text('consumer_id'),
          text('holder_thumbprint'),
          json('holder_jwk'),
          json('fields'),
          json('profile'),
          epoch('profile_version'),
          text('last_change_id', true),
          text('status'),
          text('origin'),
          text('presentation_request_id', true),
          json('callback_url', true),
          epoch('created_at'),
          epoch('updated_at'),
          epoch('withdrawn_at', true),
        ],
        indices: [
          { name: 'idx_standing_permission_consumer', columnNames: ['consumer_id', 'created_at'] },
          { name: 'idx_standing_permission_presentation', columnNames: ['presentation_request_id'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'standing_permission_change',
        columns: [
          varcharKey('permission_id'),
          varcharKey('change_id'),
          epoch('profile_version'),
          epoch('applied_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'standing_permission_nonce',
        columns: [varcharKey('nonce'), text('consumer_id'), epoch('expires_at'), epoch('used_at', true)],
        indices: [{ name: 'idx_standing_permission_nonce_expiry', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('standing_permission_nonce');
    await runner.dropTable('standing_permission_change');
    await runner.dropTable('standing_permission');
    await runner.dropColumn('presentation_request', 'standing_permission');
  }
}
