import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/**
 * Issue 21: the person's short-lived sign-in at Mina ombud (a sealed `mandates` access token),
 * so the wallet can give, list and revoke powers of attorney on their behalf. A holder sign-in's
 * `purpose` may now also be `mandates` (the column is free text; no change needed there).
 */
export class CreateWalletOmbudSignIns1766400000000 implements MigrationInterface {
  name = 'CreateWalletOmbudSignIns1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_ombud_sign_in',
        columns: [
          key('id'),
          text('account_id'),
          text('credential_issuer'),
          long('sealed'),
          epoch('expires_at'),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_ombud_sign_in',
      new TableIndex({
        name: 'idx_wallet_ombud_sign_in_account',
        columnNames: ['account_id'],
        isUnique: true,
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_ombud_sign_in');
  }
}
