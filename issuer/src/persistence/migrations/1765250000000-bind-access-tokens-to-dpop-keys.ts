import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/**
 * DPoP (RFC 9449): an access token may be bound to the key of the proof it was issued with
 * (`dpop_jkt`, the JWK SHA-256 thumbprint; null = a bearer token, as every token before), and the
 * `jti` of every accepted proof is spent in `spent_jti` until the proof could no longer be
 * accepted anyway, so no instance sharing the database accepts it twice.
 */
export class BindAccessTokensToDpopKeys1765250000000 implements MigrationInterface {
  name = 'BindAccessTokensToDpopKeys1765250000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('access_token', new TableColumn(text('dpop_jkt', true)));
    await runner.createTable(
      new Table({ name: 'spent_jti', columns: [key('jti_hash'), epoch('expires_at')] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('spent_jti');
    await runner.dropColumn('access_token', 'dpop_jkt');
  }
}
