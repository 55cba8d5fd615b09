import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21: the company key that signs the company contact profile and its standing-permission
 * deliveries, one per org number, created in the wallet's KMS on first need; the row names it
 * by KMS key id. Raw ALTER TABLE … ADD COLUMN rather than TypeORM's addColumn, which on SQLite
 * rebuilds the table.
 */
export class AddWalletCompanySigningKey1766490000000 implements MigrationInterface {
  name = 'AddWalletCompanySigningKey1766490000000';

  async up(runner: QueryRunner): Promise<void> {
    const type = runner.connection.options.type === 'postgres' ? 'character varying' : 'varchar';
    await runner.query(`ALTER TABLE wallet_company_profile ADD COLUMN signing_kms_kid ${type}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE wallet_company_profile DROP COLUMN signing_kms_kid');
  }
}
