import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/**
 * Refresh tokens for `usage_log` grants (the wallet keeps the person's log current for 30
 * days): stored by hash, rotated on each use, one family per sign-in so a replayed token
 * revokes every token of its family. A token issued to a DPoP key is bound to it (RFC 9449 §5).
 */
export class CreateRefreshTokens1765219100000 implements MigrationInterface {
  name = 'CreateRefreshTokens1765219100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'refresh_token',
        columns: [
          key('token_hash'),
          text('family_id'),
          text('holder_id'),
          text('identity_number'),
          json('scopes'),
          text('client_id'),
          text('dpop_jkt', true),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('used_at', true),
          epoch('revoked_at', true),
        ],
      }),
    );
    await runner.createIndex(
      'refresh_token',
      new TableIndex({ name: 'idx_refresh_token_family', columnNames: ['family_id'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('refresh_token');
  }
}
