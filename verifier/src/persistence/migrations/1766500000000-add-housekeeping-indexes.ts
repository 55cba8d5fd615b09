import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The housekeeping's statements (housekeeping.ts) each get an index holding only the rows they
 * still have to act on, so a pass reads what it changes and nothing else. Without them each pass
 * read the whole table: once a verifier has run past its first expiries nearly every row is
 * expired, so `idx_presentation_request_expiry` does not narrow anything and the planner rightly
 * scans (5 s a pass at a million stored requests, docs/benchmarks.md). Partial indexes exist on
 * PostgreSQL and SQLite alike; each `where` is written exactly as the store's statement writes
 * the same condition (verifier-store.ts), since SQLite only uses a partial index whose terms
 * appear verbatim in the query. Existing rows need nothing: an index is built from them.
 */
const indexes: Array<[table: string, index: TableIndex]> = [
  [
    'presentation_request',
    new TableIndex({
      name: 'idx_presentation_request_claims_expiry',
      columnNames: ['claims_expire_at'],
      where: 'claims IS NOT NULL',
    }),
  ],
  [
    'presentation_request',
    new TableIndex({
      name: 'idx_presentation_request_key_expiry',
      columnNames: ['expires_at'],
      where: "response_encryption_key <> 'deleted'",
    }),
  ],
  [
    'presentation_request',
    new TableIndex({
      name: 'idx_presentation_request_unanswered_expiry',
      columnNames: ['expires_at'],
      where: 'responded_at IS NULL',
    }),
  ],
  [
    'presentation_request',
    new TableIndex({
      name: 'idx_presentation_request_answered_page_expiry',
      columnNames: ['expires_at'],
      where: 'responded_at IS NOT NULL AND page_session IS NOT NULL',
    }),
  ],
  [
    'approval_request',
    new TableIndex({
      name: 'idx_approval_request_approved',
      columnNames: ['approved_at'],
      where: 'approved_at IS NOT NULL',
    }),
  ],
];

export class AddHousekeepingIndexes1766500000000 implements MigrationInterface {
  name = 'AddHousekeepingIndexes1766500000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const [table, index] of indexes) await runner.createIndex(table, index);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const [table, index] of [...indexes].reverse()) await runner.dropIndex(table, index.name!);
  }
}
