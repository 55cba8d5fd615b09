import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch, varcharKey } from '@min-profil/shared/db-columns';

/** Consent records and the consumer's usage log per record (docs/consent-records.md). */
export class CreateConsentRecords1765300000000 implements MigrationInterface {
  name = 'CreateConsentRecords1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'consent_record',
        columns: [
          varcharKey('id'),
          text('consumer_id'),
          text('presentation_request_id', true),
          text('standing_permission_id', true),
          text('capability_hash'),
          text('template', true),
          json('fields'),
          text('status'),
          epoch('issued_at'),
          epoch('expires_at'),
          epoch('deletion_requested_at', true),
        ],
        indices: [
          { name: 'idx_consent_record_expiry', columnNames: ['expires_at'] },
          { name: 'idx_consent_record_request', columnNames: ['presentation_request_id'] },
          { name: 'idx_consent_record_permission', columnNames: ['standing_permission_id', 'issued_at'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'consent_usage',
        columns: [
          varcharKey('id'),
          text('record_id'),
          epoch('at'),
          text('action'),
          json('fields'),
          json('purpose', true),
        ],
        indices: [{ name: 'idx_consent_usage_record', columnNames: ['record_id', 'at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('consent_usage');
    await runner.dropTable('consent_record');
  }
}
