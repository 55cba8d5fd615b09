import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/**
 * Holder fetches are bound to the browser that finishes them: a one-time start URL on the
 * wallet's origin sets a cookie whose hash the callback checks.
 */
export class BindHolderFetchToBrowser1764800000000 implements MigrationInterface {
  name = 'BindHolderFetchToBrowser1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('wallet_holder_authorization', new TableColumn(text('browser_binding', true)));
    await runner.createTable(
      new Table({
        name: 'wallet_holder_fetch_start',
        columns: [key('token_hash'), text('state'), long('authorization_request'), epoch('expires_at')],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_holder_fetch_start');
    await runner.dropColumn('wallet_holder_authorization', 'browser_binding');
  }
}
