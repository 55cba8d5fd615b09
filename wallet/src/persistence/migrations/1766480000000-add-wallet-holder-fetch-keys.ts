import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 25 (docs/passkeys.md): a fetch from a holder started by a passkey-protected account
 * keeps the ids of the keys the page made for it (JSON text), so the callback asks the page to
 * sign the proofs instead of binding to service-held keys. Null for every existing row (they
 * finish as before). Raw ALTER TABLE … ADD COLUMN rather than TypeORM's addColumn, which on
 * SQLite rebuilds the table.
 */
export class AddWalletHolderFetchKeys1766480000000 implements MigrationInterface {
  name = 'AddWalletHolderFetchKeys1766480000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE wallet_holder_authorization ADD COLUMN holder_key_ids text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE wallet_holder_authorization DROP COLUMN holder_key_ids');
  }
}
