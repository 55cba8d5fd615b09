import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text } from '@min-profil/shared/db-columns';

/** The demo outbox shows each person only their own messages. */
export class AddDemoMessageAccount1764740000000 implements MigrationInterface {
  name = 'AddDemoMessageAccount1764740000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('wallet_demo_message', new TableColumn(text('account_id', true)));
    await runner.createIndex(
      'wallet_demo_message',
      new TableIndex({ name: 'idx_wallet_demo_message_account', columnNames: ['account_id', 'created_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('wallet_demo_message', 'idx_wallet_demo_message_account');
    await runner.dropColumn('wallet_demo_message', 'account_id');
  }
}
