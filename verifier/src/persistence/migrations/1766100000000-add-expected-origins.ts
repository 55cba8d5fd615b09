import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { text as json } from '@min-profil/shared/db-columns';

/**
 * Digital Credentials API requests (OpenID4VP 1.0 Appendix A, response modes `dc_api` and
 * `dc_api.jwt`): the web origins the consumer's page may call the API from. Rows written before
 * are `direct_post` requests and have none (NULL).
 */
export class AddExpectedOrigins1766100000000 implements MigrationInterface {
  name = 'AddExpectedOrigins1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('presentation_request', new TableColumn(json('expected_origins', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('presentation_request', 'expected_origins');
  }
}
