import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, int, varcharKey as key } from '@min-profil/shared/db-columns';

export class CreateWalletTables1764500000000 implements MigrationInterface {
  name = 'CreateWalletTables1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_account',
        columns: [
          key('id'),
          { ...text('identity_number'), isUnique: true },
          text('wrapped_data_key'),
          epoch('created_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_session',
        columns: [
          key('id_hash'),
          text('account_id'),
          text('csrf_token'),
          epoch('created_at'),
          epoch('expires_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_personal_token',
        columns: [
          key('id'),
          { ...text('token_hash'), isUnique: true },
          text('account_id'),
          text('name'),
          epoch('created_at'),
          epoch('last_used_at', true),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_login_request',
        columns: [key('state'), text('nonce'), text('code_verifier'), text('return_to'), epoch('expires_at')],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_holder_authorization',
        columns: [
          key('state'),
          text('account_id'),
          text('credential_issuer'),
          long('configuration_ids'),
          text('code_verifier'),
          text('return_to'),
          int('session_bound'),
          epoch('expires_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_credential',
        columns: [
          key('id'),
          text('account_id'),
          text('offer_id'),
          text('state'),
          text('credential_issuer'),
          text('configuration_id'),
          text('format'),
          text('vct', true),
          long('display'),
          epoch('issued_at', true),
          epoch('expires_at', true),
          text('status_uri', true),
          int('status_idx', true),
          int('copies'),
          long('sealed'),
          epoch('created_at'),
          epoch('next_poll_at', true),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_credential',
      new TableIndex({ name: 'idx_wallet_credential_account', columnNames: ['account_id', 'state'] }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_presentation_request',
        columns: [
          key('id'),
          text('account_id'),
          text('client_id'),
          long('request'),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('answered_at', true),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_log_entry',
        columns: [
          key('id'),
          text('account_id'),
          epoch('at'),
          text('event'),
          text('counterparty'),
          long('counterparty_name', true),
          long('credential_types'),
          long('claims'),
          long('purpose', true),
          text('outcome'),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_log_entry',
      new TableIndex({ name: 'idx_wallet_log_account', columnNames: ['account_id', 'at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'wallet_log_entry',
      'wallet_presentation_request',
      'wallet_credential',
      'wallet_holder_authorization',
      'wallet_login_request',
      'wallet_personal_token',
      'wallet_session',
      'wallet_account',
    ]) {
      await runner.dropTable(table);
    }
  }
}
