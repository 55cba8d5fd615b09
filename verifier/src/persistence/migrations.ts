import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { addOrderingSeq, dropOrderingSeq } from '@min-profil/shared/outbox/ordering-seq';
import { varchar as text, text as json, epoch, int, varcharKey } from '@min-profil/shared/db-columns';

export class CreateVerifierTables1764500000000 implements MigrationInterface {
  name = 'CreateVerifierTables1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'presentation_request',
        columns: [
          { name: 'id', type: 'varchar', isPrimary: true },
          text('consumer_id'),
          text('client_id'),
          { ...text('nonce'), isUnique: true },
          { ...text('state'), isUnique: true },
          json('dcql_query'),
          text('template', true),
          json('purpose'),
          text('response_mode'),
          json('redirect_uri', true),
          json('callback_url', true),
          json('beyond_registration'),
          text('status'),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('responded_at', true),
          epoch('completed_at', true),
          text('response_code_hash', true),
          json('checks', true),
          json('claims', true),
          epoch('claims_expire_at', true),
          text('error', true),
          json('error_description', true),
        ],
        indices: [{ name: 'idx_presentation_request_consumer', columnNames: ['consumer_id', 'created_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('presentation_request');
  }
}

/** Issue 6: approval requests (document, transaction data, evidence, receipt). */
export class CreateApprovalTables1764600000000 implements MigrationInterface {
  name = 'CreateApprovalTables1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'approval_request',
        columns: [
          { name: 'id', type: 'varchar', isPrimary: true },
          text('consumer_id'),
          json('title'),
          text('media_type'),
          json('document'),
          text('document_hash'),
          { ...text('document_token'), isUnique: true },
          json('transaction_data'),
          { ...text('receipt_id', true), isUnique: true },
          json('receipt', true),
          json('evidence', true),
          epoch('approved_at', true),
          epoch('created_at'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('approval_request');
  }
}

/** Standing permissions: the request's ask, the permissions, applied changes, update nonces. */
export class CreateStandingPermissionTables1764700000000 implements MigrationInterface {
  name = 'CreateStandingPermissionTables1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('presentation_request', new TableColumn(json('standing_permission', true)));
    await runner.createTable(
      new Table({
        name: 'standing_permission',
        columns: [
          varcharKey('id'),
          text('consumer_id'),
          text('holder_thumbprint'),
          json('holder_jwk'),
          json('fields'),
          json('profile'),
          epoch('profile_version'),
          text('last_change_id', true),
          text('status'),
          text('origin'),
          text('presentation_request_id', true),
          json('callback_url', true),
          epoch('created_at'),
          epoch('updated_at'),
          epoch('withdrawn_at', true),
        ],
        indices: [
          { name: 'idx_standing_permission_consumer', columnNames: ['consumer_id', 'created_at'] },
          { name: 'idx_standing_permission_presentation', columnNames: ['presentation_request_id'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'standing_permission_change',
        columns: [
          varcharKey('permission_id'),
          varcharKey('change_id'),
          epoch('profile_version'),
          epoch('applied_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'standing_permission_nonce',
        columns: [varcharKey('nonce'), text('consumer_id'), epoch('expires_at'), epoch('used_at', true)],
        indices: [{ name: 'idx_standing_permission_nonce_expiry', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('standing_permission_nonce');
    await runner.dropTable('standing_permission_change');
    await runner.dropTable('standing_permission');
    await runner.dropColumn('presentation_request', 'standing_permission');
  }
}

/** The webhook outbox: events to POST to consumers, durable across restarts (webhook-entities.ts). */
export class CreateWebhookOutbox1764800000000 implements MigrationInterface {
  name = 'CreateWebhookOutbox1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'webhook_outbox',
        columns: [
          varcharKey('id'),
          text('consumer_id'),
          json('url'),
          text('url_source'),
          text('event'),
          json('headers'),
          json('body', true),
          text('status'),
          int('attempts'),
          epoch('next_attempt_at'),
          epoch('lease_until', true),
          text('last_error', true),
          epoch('created_at'),
          epoch('delivered_at', true),
        ],
        indices: [{ name: 'idx_webhook_outbox_due', columnNames: ['status', 'next_attempt_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('webhook_outbox');
  }
}

/**
 * Requests created by a demo page are bound to that browser's page session (page-session.ts);
 * the housekeeping job finds expired requests by `expires_at`. Rows written before stay valid:
 * no page session (so no page shows them) and, for sealed columns, values in clear are read as
 * they are (data-sealer.ts) until `sealLegacyRows` seals them.
 */
export class AddPageSessionAndExpiryIndex1764900000000 implements MigrationInterface {
  name = 'AddPageSessionAndExpiryIndex1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('presentation_request', new TableColumn(text('page_session', true)));
    await runner.createIndex(
      'presentation_request',
      new TableIndex({
        name: 'idx_presentation_request_page_session',
        columnNames: ['consumer_id', 'page_session'],
      }),
    );
    await runner.createIndex(
      'presentation_request',
      new TableIndex({ name: 'idx_presentation_request_expiry', columnNames: ['expires_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('presentation_request', 'idx_presentation_request_expiry');
    await runner.dropIndex('presentation_request', 'idx_presentation_request_page_session');
    await runner.dropColumn('presentation_request', 'page_session');
  }
}

/** Per-consumer data keys, wrapped by the master data key (data-key-entities.ts). */
export class CreateDataKeys1765000000000 implements MigrationInterface {
  name = 'CreateDataKeys1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'verifier_data_key',
        columns: [varcharKey('consumer_id'), json('wrapped_key'), epoch('created_at')],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('verifier_data_key');
  }
}

/**
 * Per-key ordering of the webhook outbox (shared/src/outbox): an ordering key (the standing
 * permission an event is about) and the sequence rows of one key go out in. Rows written before
 * get no key, so they are sent as before, unordered.
 */
export class AddWebhookOrdering1765100000000 implements MigrationInterface {
  name = 'AddWebhookOrdering1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await addOrderingSeq(runner, 'webhook_outbox');
    await runner.query('ALTER TABLE webhook_outbox ADD COLUMN ordering_key varchar');
    await runner.query(
      'CREATE INDEX idx_webhook_outbox_ordering ON webhook_outbox (ordering_key, ordering_seq)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX idx_webhook_outbox_ordering');
    await runner.query('ALTER TABLE webhook_outbox DROP COLUMN ordering_key');
    await dropOrderingSeq(runner, 'webhook_outbox');
  }
}

export const verifierMigrations = [
  CreateVerifierTables1764500000000,
  CreateApprovalTables1764600000000,
  CreateStandingPermissionTables1764700000000,
  CreateWebhookOutbox1764800000000,
  AddPageSessionAndExpiryIndex1764900000000,
  CreateDataKeys1765000000000,
  AddWebhookOrdering1765100000000,
];
