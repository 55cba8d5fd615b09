import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropPostgresSchema, type DatabaseKind } from '../db.js';

/**
 * Databases the suites run on: both by default; `TEST_DB=sqlite` or `TEST_DB=postgres` picks
 * one. PostgreSQL is the real server at `TEST_POSTGRES_URL` (127.0.0.1:5432 here and in CI).
 */
export function testDatabaseKinds(): DatabaseKind[] {
  const choice = process.env.TEST_DB;
  if (choice === 'sqlite' || choice === 'postgres') return [choice];
  return ['sqlite', 'postgres'];
}

export const testPostgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  schema: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty database: a SQLite file in a temp folder, or a new PostgreSQL schema. */
export function createTestDatabase(kind: DatabaseKind, name: string): TestDatabase {
  const suffix = randomBytes(4).toString('hex');
  const schema = `t_${name.replace(/[^a-z0-9_]/g, '_')}_${suffix}`.slice(0, 60);
  if (kind === 'postgres') {
    return { url: testPostgresUrl, schema, cleanup: () => dropPostgresSchema(testPostgresUrl, schema) };
  }
  const dir = mkdtempSync(join(tmpdir(), `min-profil-${name}-`));
  return {
    url: join(dir, `${name}.sqlite`),
    schema,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
