import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/** Issue 6: documents the person approved (sealed). */
export class CreateWalletApprovals1764600000000 implements MigrationInterface {
  name = 'CreateWalletApprovals1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_approval',
        columns: [
          key('id'),
          text('account_id'),
          text('presentation_request_id'),
          text('client_id'),
          long('counterparty_name', true),
          long('title'),
          text('media_type'),
          text('document_hash'),
          epoch('approved_at'),
          long('sealed'),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_approval',
      new TableIndex({ name: 'idx_wallet_approval_account', columnNames: ['account_id', 'approved_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_approval');
  }
}
