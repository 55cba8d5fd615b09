import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch, varcharKey } from '@min-profil/shared/db-columns';

/**
 * Mina ombud's powers of attorney (issue #21, docs/representation.md): who (the principal,
 * fullmaktsgivare) lets whom (the agent, fullmaktshavare) act towards which bodies and for
 * which purposes (the scope, behörigheter), from when until when, and when it was revoked.
 */
export class CreateMandateGrants1766100100000 implements MigrationInterface {
  name = 'CreateMandateGrants1766100100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'mandate_grant',
        columns: [
          varcharKey('id'),
          text('principal_number'),
          text('agent_number'),
          json('principal'),
          json('agent'),
          json('scope'),
          text('valid_from'),
          text('valid_until'),
          epoch('created_at'),
          epoch('revoked_at', true),
        ],
      }),
    );
    await runner.createIndex(
      'mandate_grant',
      new TableIndex({ name: 'idx_mandate_grant_principal', columnNames: ['principal_number'] }),
    );
    await runner.createIndex(
      'mandate_grant',
      new TableIndex({ name: 'idx_mandate_grant_agent', columnNames: ['agent_number'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('mandate_grant');
  }
}
