import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, int, varcharKey as key } from '@min-profil/shared/db-columns';

/**
 * Issue 25: passkeys (WebAuthn with PRF), their single-use challenges, and holder keys stored
 * only wrapped by a key the person's passkey derives (docs/passkeys.md). An account's
 * `key_protection` is null ("service", every existing account) or "passkey".
 */
export class CreateWalletPasskeys1766250000000 implements MigrationInterface {
  name = 'CreateWalletPasskeys1766250000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('wallet_account', new TableColumn(text('key_protection', true)));
    await runner.createTable(
      new Table({
        name: 'wallet_passkey',
        columns: [
          key('id'),
          text('account_id'),
          long('public_key'),
          int('counter'),
          long('transports'),
          text('name'),
          text('prf_salt'),
          long('wrapped_account_key', true),
          epoch('created_at'),
          epoch('last_used_at', true),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_passkey',
      new TableIndex({ name: 'idx_wallet_passkey_account', columnNames: ['account_id'] }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_webauthn_challenge',
        columns: [
          key('challenge_hash'),
          text('account_id'),
          text('purpose'),
          text('prf_salt', true),
          epoch('expires_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_wrapped_key',
        columns: [
          key('id'),
          text('account_id'),
          long('public_jwk'),
          long('wrapped_key'),
          text('iv'),
          epoch('created_at'),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_wrapped_key',
      new TableIndex({ name: 'idx_wallet_wrapped_key_account', columnNames: ['account_id'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_wrapped_key');
    await runner.dropTable('wallet_webauthn_challenge');
    await runner.dropTable('wallet_passkey');
    await runner.dropColumn('wallet_account', 'key_protection');
  }
}
