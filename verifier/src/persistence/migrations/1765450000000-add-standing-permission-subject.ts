import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text } from '@min-profil/shared/db-columns';

/**
 * Whose contact profile a standing permission keeps current (issue #20): the identity credential
 * presented beside the profile at the grant (`profile_subject`), sealed at rest like the copy.
 * Permissions granted before have none (NULL) and keep delivering: "whose: unknown".
 */
export class AddStandingPermissionSubject1765450000000 implements MigrationInterface {
  name = 'AddStandingPermissionSubject1765450000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('standing_permission', new TableColumn(text('subject', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('standing_permission', 'subject');
  }
}
