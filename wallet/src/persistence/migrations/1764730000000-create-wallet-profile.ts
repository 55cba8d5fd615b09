import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, int, varcharKey as key } from '@min-profil/shared/db-columns';

/** The contact profile (sealed), its one-time codes, the provider's keys and the demo outbox. */
export class CreateWalletProfile1764730000000 implements MigrationInterface {
  name = 'CreateWalletProfile1764730000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_profile',
        columns: [
          key('account_id'),
          int('profile_version'),
          long('sealed'),
          text('holder_kms_kid', true),
          epoch('updated_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_profile_code',
        columns: [
          key('id'),
          text('account_id'),
          text('channel'),
          text('item_id'),
          text('value_hash'),
          text('code_hash'),
          int('attempts'),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('closed_at', true),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_profile_code',
      new TableIndex({ name: 'idx_wallet_profile_code_account', columnNames: ['account_id', 'created_at'] }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_provider_key',
        columns: [key('kid'), text('kms_kid'), long('public_jwk'), epoch('created_at')],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_demo_message',
        columns: [
          key('id'),
          text('channel'),
          text('recipient'),
          text('subject', true),
          long('text'),
          epoch('created_at'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'wallet_demo_message',
      'wallet_provider_key',
      'wallet_profile_code',
      'wallet_profile',
    ]) {
      await runner.dropTable(table);
    }
  }
}
