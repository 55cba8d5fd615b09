import { mkdirSync } from 'node:fs';
import { preparePrivateFile, restrictIfPresent } from './private-files.js';
import { dirname } from 'node:path';
import pg from 'pg';
import { DataSource, type EntityManager, type EntitySchema, type MixedList } from 'typeorm';
import { enableSqliteAccess } from './sqlite-access.js';
import { traceQueries } from './tracing/trace-queries.js';
import { readTracingSettings } from './tracing/tracing-settings.js';
import { Entities as veramoEntities, migrations as veramoMigrations } from '@veramo/data-store';

/**
 * One TypeORM DataSource per service: a SQLite file by default (the embedded choice), or
 * PostgreSQL when a `postgres://` URL is given. On PostgreSQL each service keeps its tables
 * in its own schema (set through `search_path`) so several services can share one database.
 * Schema changes go through migrations; `synchronize` is never used.
 *
 * Veramo's data-store entities live in the same DataSource, so keys and DIDs are stored with
 * the service's own data.
 */
export interface DatabaseOptions {
  /** `postgres://…` for PostgreSQL, otherwise a SQLite file path (or `:memory:`). */
  url: string;
  /** Schema name on PostgreSQL (ignored on SQLite). */
  schema: string;
  // TypeORM's own types for these lists are loose; keep them so.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<EntitySchema | Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /** Drop the schema first (tests only). */
  dropSchema?: boolean;
}

/** What a service's options say about its database; the service adds its entities and migrations. */
export interface ServiceDatabaseOptions {
  databaseUrl: string;
  schema?: string;
  dropSchema?: boolean;
}

/** Opens a service's database in its own schema (named for the service unless the options say otherwise). */
export function openServiceDatabase(
  options: ServiceDatabaseOptions,
  service: Pick<DatabaseOptions, 'schema' | 'entities' | 'migrations'>,
): Promise<Database> {
  return openDatabase({
    ...service,
    url: options.databaseUrl,
    schema: options.schema ?? service.schema,
    dropSchema: options.dropSchema,
  });
}

export type DatabaseKind = 'sqlite' | 'postgres';

export interface Database {
  dataSource: DataSource;
  kind: DatabaseKind;
  /**
   * Runs `work` in one transaction. On SQLite all writes are serialised (see sqlite-access.ts)
   * so two requests never interleave in one transaction.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const kind = databaseKind(options.url);
  const entities = [
    ...(veramoEntities as unknown[]),
    ...(options.entities as unknown[]),
  ] as DatabaseOptions['entities'];
  const migrations = [
    ...(veramoMigrations as unknown[]),
    ...(options.migrations as unknown[]),
  ] as DatabaseOptions['migrations'];
  let dataSource: DataSource;
  if (kind === 'postgres') {
    assertIdentifier(options.schema);
    await preparePostgresSchema(options.url, options.schema, options.dropSchema ?? false);
    dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      schema: options.schema,
      extra: { options: `-c search_path=${options.schema}`, max: 10 },
      entities,
      migrations,
      migrationsRun: true,
      synchronize: false,
      logging: false,
    });
  } else {
    if (options.url !== ':memory:') {
      // The database holds personal data: its file is 0600 before SQLite opens it, and SQLite
      // gives the -wal and -shm files it creates the database file's mode (os_unix.c).
      mkdirSync(dirname(options.url), { recursive: true, mode: 0o700 });
      preparePrivateFile(options.url);
    }
    dataSource = new DataSource({
      type: 'sqlite',
      database: options.url,
      enableWAL: options.url !== ':memory:',
      // As long as a write waits for this process's own write lock (sqlite-access.ts).
      busyTimeout: 20_000,
      entities,
      migrations,
      migrationsRun: true,
      synchronize: false,
      dropSchema: options.dropSchema ?? false,
      logging: false,
    });
  }
  await dataSource.initialize();
  if (kind === 'sqlite' && options.url !== ':memory:') {
    // Left by an older version with the umask's mode.
    for (const suffix of ['-wal', '-shm']) restrictIfPresent(options.url + suffix);
  }

  const sqlite = kind === 'sqlite' ? await enableSqliteAccess(dataSource, options.url) : undefined;
  if (readTracingSettings(process.env))
    traceQueries(dataSource, kind === 'postgres' ? 'postgresql' : 'sqlite');
  return {
    dataSource,
    kind,
    transaction: sqlite ? sqlite.transaction : (work) => dataSource.transaction(work),
    close: async () => {
      await sqlite?.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

async function preparePostgresSchema(url: string, schema: string, drop: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (drop) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/** Drops a PostgreSQL schema (tests clean up after themselves with it). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  assertIdentifier(schema);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

function assertIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a valid schema name: ${name}`);
}
