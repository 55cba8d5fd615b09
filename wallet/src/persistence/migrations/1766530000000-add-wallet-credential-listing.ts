import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24 (docs/benchmarks.md, "The wallet"): the credential list said whether each credential
 * names its holder (and, since issue 25, whose keys it is bound to) by opening and decoding
 * every sealed value. `names_holder` and `key_protection` record them in clear at receipt. Existing rows keep NULL here and are filled on their first read
 * (describe-credential.ts): the migration cannot open them (the data keys are wrapped by the
 * master key, which migrations do not hold), and a fill row by row, each a single UPDATE of a
 * value derived from the sealed one, is consistent at every point a crash could stop it.
 * The index serves the list's keyset pages (account, state, newest first). Raw ALTER TABLE …
 * ADD COLUMN rather than TypeORM's addColumn, which on SQLite rebuilds the table.
 */
export class AddWalletCredentialListing1766530000000 implements MigrationInterface {
  name = 'AddWalletCredentialListing1766530000000';

  async up(runner: QueryRunner): Promise<void> {
    const text = runner.connection.options.type === 'postgres' ? 'character varying' : 'varchar';
    await runner.query('ALTER TABLE wallet_credential ADD COLUMN names_holder boolean');
    await runner.query(`ALTER TABLE wallet_credential ADD COLUMN key_protection ${text}`);
    await runner.query(
      'CREATE INDEX idx_wallet_credential_listing ON wallet_credential (account_id, state, created_at, id)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX idx_wallet_credential_listing');
    await runner.query('ALTER TABLE wallet_credential DROP COLUMN key_protection');
    await runner.query('ALTER TABLE wallet_credential DROP COLUMN names_holder');
  }
}
