import type { EntitySchemaColumnOptions, ValueTransformer } from 'typeorm';

/** PostgreSQL returns bigint as a string; times are epoch seconds and fit a JS number. */
const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

export function epochColumn(name: string, nullable = false): EntitySchemaColumnOptions {
  return { name, type: 'bigint', nullable, transformer: bigintAsNumber };
}

export function jsonColumn(name: string, nullable = false): EntitySchemaColumnOptions {
  return { name, type: 'simple-json', nullable };
}

export function textColumn(name: string, nullable = false): EntitySchemaColumnOptions {
  return { name, type: 'varchar', nullable };
}

export function intColumn(name: string, nullable = false): EntitySchemaColumnOptions {
  return { name, type: 'integer', nullable };
}
