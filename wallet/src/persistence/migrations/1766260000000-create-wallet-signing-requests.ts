import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/**
 * Issue 25: signing requests, the signatures the page makes with holder keys only it can
 * unwrap (docs/passkeys.md). Single use, short-lived; the continuation is sealed.
 */
export class CreateWalletSigningRequests1766260000000 implements MigrationInterface {
  name = 'CreateWalletSigningRequests1766260000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_signing_request',
        columns: [
          key('id'),
          text('account_id'),
          text('kind'),
          long('inputs'),
          long('continuation'),
          epoch('created_at'),
          epoch('expires_at'),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_signing_request',
      new TableIndex({ name: 'idx_wallet_signing_request_expires', columnNames: ['expires_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_signing_request');
  }
}
