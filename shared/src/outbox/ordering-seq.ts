import type { EntityManager, EntitySchemaColumnOptions, QueryRunner } from 'typeorm';
import { bigintAsNumber } from '../db-columns.js';

/**
 * `ordering_seq`: the order rows of one key are delivered in (outbox-table.ts), as the SQL an
 * INSERT sets it with. On PostgreSQL a sequence (`<table>_ordering_seq`, also the column
 * default, so a writer that does not know the column still fills it); on SQLite, whose writes
 * are serialised, one more than the largest so far — computed inside the INSERT, since a read
 * before it would turn the transaction into a writer too late (SQLITE_BUSY with a second
 * connection). One row per INSERT on SQLite: the subquery is evaluated once per statement.
 */
export function nextOrderingSeq(manager: EntityManager, table: string): () => string {
  return manager.connection.options.type === 'postgres'
    ? () => `nextval('${table}_ordering_seq')`
    : () => `(SELECT COALESCE(MAX(ordering_seq), 0) + 1 FROM ${table})`;
}

/**
 * The migration step that adds `ordering_seq` to an outbox table that has rows already: they
 * are numbered in the order they were written (PostgreSQL: by created_at; SQLite: rowid).
 * Raw `ALTER TABLE … ADD COLUMN` rather than TypeORM's addColumn, which on SQLite rebuilds the
 * table.
 */
export async function addOrderingSeq(runner: QueryRunner, table: string): Promise<void> {
  if (runner.connection.options.type === 'postgres') {
    await runner.query(`CREATE SEQUENCE ${table}_ordering_seq`);
    await runner.query(`ALTER TABLE ${table} ADD COLUMN ordering_seq bigint`);
    await runner.query(
      `UPDATE ${table} SET ordering_seq = n.seq FROM (SELECT id, nextval('${table}_ordering_seq') AS seq` +
        ` FROM (SELECT id FROM ${table} ORDER BY created_at, id) ordered) n WHERE ${table}.id = n.id`,
    );
    await runner.query(
      `ALTER TABLE ${table} ALTER COLUMN ordering_seq SET DEFAULT nextval('${table}_ordering_seq')`,
    );
    await runner.query(`ALTER SEQUENCE ${table}_ordering_seq OWNED BY ${table}.ordering_seq`);
  } else {
    await runner.query(`ALTER TABLE ${table} ADD COLUMN ordering_seq bigint`);
    await runner.query(`UPDATE ${table} SET ordering_seq = rowid`);
  }
}

/** The reverse of addOrderingSeq (the sequence goes with the column it is owned by). */
export async function dropOrderingSeq(runner: QueryRunner, table: string): Promise<void> {
  await runner.query(`ALTER TABLE ${table} DROP COLUMN ordering_seq`);
}

/** The entity column for `ordering_seq` (bigint, read back as a number on PostgreSQL too). */
export const orderingSeqColumn: EntitySchemaColumnOptions = {
  name: 'ordering_seq',
  type: 'bigint',
  transformer: bigintAsNumber,
};
