import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/**
 * Issue 19: the person's connections to holders' usage logs (a sealed refresh token per holder),
 * and what a holder sign-in is for (null: a credential, as before; `usage_log`: a connection).
 */
export class CreateWalletHolderConnections1765412000000 implements MigrationInterface {
  name = 'CreateWalletHolderConnections1765412000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('wallet_holder_authorization', new TableColumn(text('purpose', true)));
    await runner.createTable(
      new Table({
        name: 'wallet_holder_connection',
        columns: [
          key('id'),
          text('account_id'),
          text('credential_issuer'),
          long('sealed'),
          epoch('connected_at'),
          epoch('refresh_lease_until', true),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_holder_connection',
      new TableIndex({
        name: 'idx_wallet_holder_connection_account',
        columnNames: ['account_id', 'credential_issuer'],
        isUnique: true,
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_holder_connection');
    await runner.dropColumn('wallet_holder_authorization', 'purpose');
  }
}
