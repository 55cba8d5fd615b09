import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, int, varcharKey as key } from '@min-profil/shared/db-columns';

/** Standing permissions for the contact profile and their delivery outbox (no claim values). */
export class CreateWalletStandingPermissions1764720000000 implements MigrationInterface {
  name = 'CreateWalletStandingPermissions1764720000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_standing_permission',
        columns: [
          key('id'),
          text('account_id'),
          text('client_id'),
          long('consumer_name', true),
          long('update_endpoint'),
          long('nonce_endpoint'),
          long('fields'),
          long('granted_fields'),
          text('status'),
          epoch('created_at'),
          epoch('withdrawn_at', true),
          text('withdrawn_by', true),
          epoch('last_delivered_at', true),
          int('last_delivered_version', true),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_standing_permission',
      new TableIndex({
        name: 'idx_wallet_standing_permission_account',
        columnNames: ['account_id', 'status'],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_profile_delivery',
        columns: [
          key('id'),
          text('permission_id'),
          text('account_id'),
          text('kind'),
          text('change_id'),
          int('profile_version'),
          text('status'),
          int('attempts'),
          epoch('next_attempt_at'),
          long('last_error', true),
          epoch('lease_until', true),
          epoch('created_at'),
          epoch('delivered_at', true),
        ],
      }),
    );
    // The worker's claim query: due pending rows.
    await runner.createIndex(
      'wallet_profile_delivery',
      new TableIndex({ name: 'idx_wallet_profile_delivery_due', columnNames: ['status', 'next_attempt_at'] }),
    );
    await runner.createIndex(
      'wallet_profile_delivery',
      new TableIndex({
        name: 'idx_wallet_profile_delivery_permission',
        columnNames: ['permission_id', 'created_at'],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_profile_delivery');
    await runner.dropTable('wallet_standing_permission');
  }
}
