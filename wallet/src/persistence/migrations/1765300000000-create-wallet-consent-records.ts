import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/** Issue 19: consent records consumers returned for shares (capability sealed). */
export class CreateWalletConsentRecords1765300000000 implements MigrationInterface {
  name = 'CreateWalletConsentRecords1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_consent_record',
        columns: [
          key('id'),
          text('account_id'),
          text('log_entry_id', true),
          text('presentation_request_id', true),
          text('client_id'),
          long('counterparty_name', true),
          long('record'),
          long('capability'),
          epoch('received_at'),
          text('deletion_state'),
          long('deletion_answer', true),
          epoch('deletion_requested_at', true),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_consent_record',
      new TableIndex({
        name: 'idx_wallet_consent_record_account',
        columnNames: ['account_id', 'received_at'],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_consent_record');
  }
}
