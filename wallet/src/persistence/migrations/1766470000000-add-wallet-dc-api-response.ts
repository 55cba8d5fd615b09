import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (docs/haip.md §5.2): a request that came through the Digital Credentials API keeps
 * its answer, sealed, until the caller that handed it over takes it; requests by link leave it
 * null. Raw ALTER TABLE … ADD COLUMN rather than TypeORM's addColumn, which on SQLite rebuilds
 * the table.
 */
export class AddWalletDcApiResponse1766470000000 implements MigrationInterface {
  name = 'AddWalletDcApiResponse1766470000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE wallet_presentation_request ADD COLUMN dc_api_response text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE wallet_presentation_request DROP COLUMN dc_api_response');
  }
}
