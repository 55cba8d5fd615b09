import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
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

/** Key rotation: the record of each holder's signing keys. */
export class CreateIssuerKeys1764700000000 implements MigrationInterface {
  name = 'CreateIssuerKeys1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'issuer_key',
        columns: [key('id'), text('holder_id'), text('kms_kid'), epoch('created_at')],
        indices: [{ name: 'idx_issuer_key_holder', columnNames: ['holder_id', 'created_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('issuer_key');
  }
}

/** Pushed authorization requests (RFC 9126) and the consent step before eID sign-in. */
export class CreatePushedAuthorizationRequests1765000000000 implements MigrationInterface {
  name = 'CreatePushedAuthorizationRequests1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'pushed_authorization_request',
        columns: [
          key('id'),
          text('holder_id'),
          { ...text('request_uri_hash'), isUnique: true },
          text('client_id'),
          text('redirect_uri'),
          text('code_challenge'),
          json('configuration_ids'),
          text('scope', true),
          json('authorization_details', true),
          text('state', true),
          text('ui_locales', true),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('opened_at', true),
          { ...text('consent_token_hash', true), isUnique: true },
          epoch('decided_at', true),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('pushed_authorization_request');
  }
}

/**
 * The eID step is bound to the browser that consented: the hash of a secret kept in an
 * HttpOnly cookie. Rows from before have none and are refused at the eID callback (they live
 * ten minutes; the person starts again).
 */
export class BindEidSignInToBrowser1765100000000 implements MigrationInterface {
  name = 'BindEidSignInToBrowser1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('authorization_request', new TableColumn(text('browser_binding', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('authorization_request', 'browser_binding');
  }
}

export const issuerMigrations = [
  CreateIssuerTables1764400000000,
  CreateIssuerKeys1764700000000,
  CreatePushedAuthorizationRequests1765000000000,
  BindEidSignInToBrowser1765100000000,
];
