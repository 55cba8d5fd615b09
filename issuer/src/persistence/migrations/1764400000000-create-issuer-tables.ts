import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch, int, varcharKey as key } from '@min-profil/shared/db-columns';

export class CreateIssuerTables1764400000000 implements MigrationInterface {
  name = 'CreateIssuerTables1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'register_record',
        columns: [
          key('id'),
          text('holder_id'),
          text('identity_number'),
          text('record_type'),
          json('data'),
          epoch('ready_at', true),
          epoch('updated_at'),
        ],
        indices: [
          { name: 'idx_register_person', columnNames: ['holder_id', 'identity_number', 'record_type'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'credential_offer',
        columns: [
          key('id'),
          text('holder_id'),
          text('identity_number'),
          json('configuration_ids'),
          { ...text('pre_authorized_code_hash'), isUnique: true },
          text('tx_code_hash', true),
          int('tx_code_attempts_left'),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('used_at', true),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'authorization_request',
        columns: [
          key('id'),
          text('holder_id'),
          text('client_id'),
          text('redirect_uri'),
          text('code_challenge'),
          json('configuration_ids'),
          text('scope', true),
          json('authorization_details', true),
          text('state', true),
          { ...text('eid_state'), isUnique: true },
          text('eid_nonce'),
          text('eid_code_verifier'),
          text('identity_number', true),
          { ...text('code_hash', true), isUnique: true },
          epoch('created_at'),
          epoch('expires_at'),
          epoch('used_at', true),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'access_token',
        columns: [
          key('token_hash'),
          text('holder_id'),
          text('identity_number'),
          json('configuration_ids'),
          text('client_id', true),
          epoch('expires_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({ name: 'nonce', columns: [key('value_hash'), text('holder_id'), epoch('expires_at')] }),
    );
    await runner.createTable(
      new Table({
        name: 'issued_credential',
        columns: [
          key('id'),
          text('holder_id'),
          text('configuration_id'),
          text('identity_number'),
          int('status_list_id'),
          int('status_index'),
          text('notification_id'),
          epoch('issued_at'),
          epoch('expires_at', true),
          text('wallet_event', true),
        ],
      }),
    );
    await runner.createIndex(
      'issued_credential',
      new TableIndex({ name: 'idx_issued_credential_person', columnNames: ['holder_id', 'identity_number'] }),
    );
    await runner.createTable(
      new Table({
        name: 'status_list',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          text('holder_id'),
          int('bits'),
          int('size'),
          int('version'),
          epoch('created_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'status_entry',
        columns: [
          { name: 'list_id', type: 'integer', isPrimary: true },
          { name: 'idx', type: 'integer', isPrimary: true },
          int('status'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'deferred_transaction',
        columns: [
          key('transaction_id_hash'),
          text('holder_id'),
          text('identity_number'),
          text('configuration_id'),
          json('holder_jwks'),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('completed_at', true),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'deferred_transaction',
      'status_entry',
      'status_list',
      'issued_credential',
      'nonce',
      'access_token',
      'authorization_request',
      'credential_offer',
      'register_record',
    ]) {
      await runner.dropTable(table);
    }
  }
}
