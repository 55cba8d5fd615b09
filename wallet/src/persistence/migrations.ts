import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { addOrderingSeq, dropOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';
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

/** Issue 6: documents the person approved (sealed). */
export class CreateWalletApprovals1764600000000 implements MigrationInterface {
  name = 'CreateWalletApprovals1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_approval',
        columns: [
          key('id'),
          text('account_id'),
          text('presentation_request_id'),
          text('client_id'),
          long('counterparty_name', true),
          long('title'),
          text('media_type'),
          text('document_hash'),
          epoch('approved_at'),
          long('sealed'),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_approval',
      new TableIndex({ name: 'idx_wallet_approval_account', columnNames: ['account_id', 'approved_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_approval');
  }
}

/** Standing permissions for the contact profile and their delivery outbox (no claim values). */
export class CreateWalletStandingPermissions1764720000000 implements MigrationInterface {
  name = 'CreateWalletStandingPermissions1764720000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_standing_permission',
        columns: [
          key('id'),
          text('account_id'),
          text('client_id'),
          long('consumer_name', true),
          long('update_endpoint'),
          long('nonce_endpoint'),
          long('fields'),
          long('granted_fields'),
          text('status'),
          epoch('created_at'),
          epoch('withdrawn_at', true),
          text('withdrawn_by', true),
          epoch('last_delivered_at', true),
          int('last_delivered_version', true),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_standing_permission',
      new TableIndex({
        name: 'idx_wallet_standing_permission_account',
        columnNames: ['account_id', 'status'],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_profile_delivery',
        columns: [
          key('id'),
          text('permission_id'),
          text('account_id'),
          text('kind'),
          text('change_id'),
          int('profile_version'),
          text('status'),
          int('attempts'),
          epoch('next_attempt_at'),
          long('last_error', true),
          epoch('lease_until', true),
          epoch('created_at'),
          epoch('delivered_at', true),
        ],
      }),
    );
    // The worker's claim query: due pending rows.
    await runner.createIndex(
      'wallet_profile_delivery',
      new TableIndex({ name: 'idx_wallet_profile_delivery_due', columnNames: ['status', 'next_attempt_at'] }),
    );
    await runner.createIndex(
      'wallet_profile_delivery',
      new TableIndex({
        name: 'idx_wallet_profile_delivery_permission',
        columnNames: ['permission_id', 'created_at'],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_profile_delivery');
    await runner.dropTable('wallet_standing_permission');
  }
}

/** The contact profile (sealed), its one-time codes, the provider's keys and the demo outbox. */
export class CreateWalletProfile1764730000000 implements MigrationInterface {
  name = 'CreateWalletProfile1764730000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_profile',
        columns: [
          key('account_id'),
          int('profile_version'),
          long('sealed'),
          text('holder_kms_kid', true),
          epoch('updated_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_profile_code',
        columns: [
          key('id'),
          text('account_id'),
          text('channel'),
          text('item_id'),
          text('value_hash'),
          text('code_hash'),
          int('attempts'),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('closed_at', true),
        ],
      }),
    );
    await runner.createIndex(
      'wallet_profile_code',
      new TableIndex({ name: 'idx_wallet_profile_code_account', columnNames: ['account_id', 'created_at'] }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_provider_key',
        columns: [key('kid'), text('kms_kid'), long('public_jwk'), epoch('created_at')],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_demo_message',
        columns: [
          key('id'),
          text('channel'),
          text('recipient'),
          text('subject', true),
          long('text'),
          epoch('created_at'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'wallet_demo_message',
      'wallet_provider_key',
      'wallet_profile_code',
      'wallet_profile',
    ]) {
      await runner.dropTable(table);
    }
  }
}

/** The demo outbox shows each person only their own messages. */
export class AddDemoMessageAccount1764740000000 implements MigrationInterface {
  name = 'AddDemoMessageAccount1764740000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('wallet_demo_message', new TableColumn(text('account_id', true)));
    await runner.createIndex(
      'wallet_demo_message',
      new TableIndex({ name: 'idx_wallet_demo_message_account', columnNames: ['account_id', 'created_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('wallet_demo_message', 'idx_wallet_demo_message_account');
    await runner.dropColumn('wallet_demo_message', 'account_id');
  }
}

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

/**
 * The delivery outbox goes through the shared outbox worker, which sends the rows of one
 * permission one at a time in `ordering_seq` order (rows written before are numbered in the
 * order they were written).
 */
export class AddDeliveryOrdering1765100000000 implements MigrationInterface {
  name = 'AddDeliveryOrdering1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await addOrderingSeq(runner, 'wallet_profile_delivery');
    await runner.query(
      'CREATE INDEX idx_wallet_profile_delivery_ordering ON wallet_profile_delivery (permission_id, ordering_seq)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX idx_wallet_profile_delivery_ordering');
    await dropOrderingSeq(runner, 'wallet_profile_delivery');
  }
}

export const walletMigrations = [
  CreateWalletTables1764500000000,
  CreateWalletApprovals1764600000000,
  CreateWalletStandingPermissions1764720000000,
  CreateWalletProfile1764730000000,
  AddDemoMessageAccount1764740000000,
  BindHolderFetchToBrowser1764800000000,
  AddDeliveryOrdering1765100000000,
];
