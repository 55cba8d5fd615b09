import { SpanKind } from '@opentelemetry/api';
import type { DataSource, QueryRunner } from 'typeorm';
import { inChildSpan } from './trace-scope.js';

/**
 * Client spans for the database queries a traced request makes, on SQLite and PostgreSQL alike:
 * every TypeORM query (repositories, query builders, raw queries, transaction statements) goes
 * through a query runner's `query`, so wrapping the runners the driver hands out covers them
 * all. The span holds the operation and the table only, never the SQL text or its parameters.
 * Installed only when tracing is configured; outside a traced request a query just runs.
 */
export function traceQueries(dataSource: DataSource, system: 'sqlite' | 'postgresql'): void {
  const driver = dataSource.driver as { createQueryRunner(mode: 'master' | 'slave'): QueryRunner };
  const create = driver.createQueryRunner.bind(driver);
  const wrapped = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    // SQLite's driver hands out one runner again within a transaction: wrap it once.
    if (!wrapped.has(runner)) {
      wrapped.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      runner.query = ((sql: string, ...rest: unknown[]) => {
        const { operation, table } = describeQuery(sql);
        return inChildSpan(
          table ? `${operation} ${table}` : operation,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'db.system.name': system,
              'db.operation.name': operation,
              ...(table ? { 'db.collection.name': table } : {}),
            },
          },
          () => query(sql, ...rest),
        );
      }) as QueryRunner['query'];
    }
    return runner;
  };
}

const operations = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'WITH',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
  'START',
]);
const identifier = String.raw`"?([A-Za-z_][A-Za-z0-9_]*)"?`;
const tablePattern = new RegExp(String.raw`\b(?:FROM|INTO|UPDATE)\s+${identifier}(?:\.${identifier})?`, 'i');

/** The statement's first keyword and the first table it names: identifiers only, no values. */
export function describeQuery(sql: string): { operation: string; table?: string } {
  const keyword = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
  const operation = operations.has(keyword) ? keyword : 'OTHER';
  const match = tablePattern.exec(sql);
  const table = match ? (match[2] ?? match[1]) : undefined;
  return { operation, ...(table ? { table } : {}) };
}
