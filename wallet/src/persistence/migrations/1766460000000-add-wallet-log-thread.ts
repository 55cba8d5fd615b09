import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22 (docs/cases.md "Wallet side"): a log entry names the case it belongs to, so the case
 * is the thread through the share that opened it, its events, the answers and the stop. The
 * value is the wallet's id of the request that opened the case, never the case id. Raw ALTER
 * TABLE … ADD COLUMN rather than TypeORM's addColumn, which on SQLite rebuilds the table.
 */
export class AddWalletLogThread1766460000000 implements MigrationInterface {
  name = 'AddWalletLogThread1766460000000';

  async up(runner: QueryRunner): Promise<void> {
    const type = runner.connection.options.type === 'postgres' ? 'character varying' : 'varchar';
    await runner.query(`ALTER TABLE wallet_log_entry ADD COLUMN thread ${type}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE wallet_log_entry DROP COLUMN thread');
  }
}
