import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { int } from '@min-profil/shared/db-columns';

/**
 * A counter of allocated indexes on each status list (issue #24): issuance reads it instead of
 * counting up to 32,768 entries of the current list. Existing lists get their count from their
 * entries.
 */
export class CountAllocatedStatusIndexes1766240000000 implements MigrationInterface {
  name = 'CountAllocatedStatusIndexes1766240000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('status_list', new TableColumn({ ...int('allocated'), default: 0 }));
    await runner.query(
      'UPDATE status_list SET allocated = (SELECT COUNT(*) FROM status_entry WHERE status_entry.list_id = status_list.id)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('status_list', 'allocated');
  }
}
