import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21 (docs/representation.md "Sharing the company contact profile"): a standing
 * permission names the profile it keeps current — `profile_vct` null for a person's contact
 * profile (every permission from before), the company contact profile's `vct` otherwise — and,
 * for a company's, the org number its updates must keep naming. Raw ALTER TABLE … ADD COLUMN
 * rather than TypeORM's addColumn, which on SQLite rebuilds the table.
 */
export class AddStandingPermissionCompany1766510000000 implements MigrationInterface {
  name = 'AddStandingPermissionCompany1766510000000';

  async up(runner: QueryRunner): Promise<void> {
    const type = runner.connection.options.type === 'postgres' ? 'character varying' : 'varchar';
    await runner.query(`ALTER TABLE standing_permission ADD COLUMN profile_vct ${type}`);
    await runner.query(`ALTER TABLE standing_permission ADD COLUMN org_number ${type}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE standing_permission DROP COLUMN org_number');
    await runner.query('ALTER TABLE standing_permission DROP COLUMN profile_vct');
  }
}
