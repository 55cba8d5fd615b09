import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, int, varcharKey as key } from '@min-profil/shared/db-columns';

/** Issue 22 (docs/cases.md): the person's cases and the events their bodies sent. */
export class CreateWalletCases1766220000000 implements MigrationInterface {
  name = 'CreateWalletCases1766220000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_case',
        columns: [
          key('id'),
          text('account_id'),
          text('capability_hash'),
          text('consumer_id'),
          long('client_id'),
          long('consumer_name', true),
          long('title'),
          long('reference'),
          long('stop_endpoint'),
          text('presentation_request_id'),
          text('status'),
          int('last_seq'),
          epoch('created_at'),
          epoch('last_activity_at'),
          epoch('stopped_at', true),
        ],
        indices: [
          { name: 'idx_wallet_case_capability', columnNames: ['capability_hash'], isUnique: true },
          { name: 'idx_wallet_case_account', columnNames: ['account_id', 'last_activity_at'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_case_event',
        columns: [
          key('id'),
          text('case_id'),
          text('account_id'),
          text('event_id'),
          int('seq'),
          text('type'),
          long('title', true),
          long('message', true),
          long('document_meta', true),
          long('document', true),
          long('request_uri', true),
          long('request_client_id', true),
          epoch('request_expires_at', true),
          text('answer_request_id', true),
          epoch('received_at'),
        ],
        indices: [{ name: 'idx_wallet_case_event_seq', columnNames: ['case_id', 'seq'], isUnique: true }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_case_event');
    await runner.dropTable('wallet_case');
  }
}
