import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 25 (docs/passkeys.md, "DPoP in the page"): a fetch from a holder started by a
 * passkey-protected account keeps the id of the DPoP key the page made for it, so the callback
 * asks the page to sign the token request's proof before the code is redeemed. Null for every
 * existing row (they finish as before: a service-held DPoP key). Raw ALTER TABLE … ADD COLUMN
 * rather than TypeORM's addColumn, which on SQLite rebuilds the table.
 */
export class AddWalletHolderFetchDpopKey1766560000000 implements MigrationInterface {
  name = 'AddWalletHolderFetchDpopKey1766560000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE wallet_holder_authorization ADD COLUMN dpop_key_id text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE wallet_holder_authorization DROP COLUMN dpop_key_id');
  }
}
