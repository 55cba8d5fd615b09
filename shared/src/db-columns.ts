import type { TableColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Column helpers every service's persistence uses. Migrations describe columns with these
 * dialect-neutral types, so the same migration runs on SQLite and PostgreSQL.
 */
export const varchar = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  isNullable: nullable,
});
/** Long text: JSON documents, sealed blobs. */
export const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
/** Epoch seconds. */
export const epoch = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'bigint',
  isNullable: nullable,
});
export const int = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
});
export const varcharKey = (name: string): TableColumnOptions => ({ name, type: 'varchar', isPrimary: true });

/** PostgreSQL returns bigint as a string; times are epoch seconds and fit a JS number. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
