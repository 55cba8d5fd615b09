import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text } from '@min-profil/shared/db-columns';

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
