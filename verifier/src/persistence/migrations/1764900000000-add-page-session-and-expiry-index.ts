import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text } from '@min-profil/shared/db-columns';

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
