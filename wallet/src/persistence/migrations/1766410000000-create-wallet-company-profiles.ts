import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as long, epoch, int, varcharKey as key } from '@min-profil/shared/db-columns';

/** Issue 21: the company contact profile, one per org number, sealed with the company's data key. */
export class CreateWalletCompanyProfiles1766410000000 implements MigrationInterface {
  name = 'CreateWalletCompanyProfiles1766410000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wallet_company_profile',
        columns: [
          key('org_number'),
          text('wrapped_key'),
          long('sealed'),
          int('version'),
          epoch('updated_at'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wallet_company_profile');
  }
}
