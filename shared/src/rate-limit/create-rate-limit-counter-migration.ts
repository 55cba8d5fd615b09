import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared rate-limit counters (postgres-rate-limit-backend.ts), in each service's schema.
 * On SQLite the table stays empty: one instance counts in memory.
 */
export class CreateRateLimitCounter1766000000000 implements MigrationInterface {
  name = 'CreateRateLimitCounter1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE rate_limit_counter (counter_key varchar PRIMARY KEY, window_index bigint NOT NULL, hits integer NOT NULL)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE rate_limit_counter');
  }
}
