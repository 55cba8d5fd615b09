import type { EntitySchemaColumnOptions, ValueTransformer } from 'typeorm';

/** PostgreSQL returns bigint as a string; times are epoch seconds and fit a JS number. */
const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

export function epochColumn(nullable = false): EntitySchemaColumnOptions {
  return { type: 'bigint', nullable, transformer: bigintAsNumber };
}

export function jsonColumn(nullable = false): EntitySchemaColumnOptions {
  return { type: 'simple-json', nullable };
}

export function textColumn(nullable = false): EntitySchemaColumnOptions {
  return { type: 'varchar', nullable };
}

export function intColumn(nullable = false): EntitySchemaColumnOptions {
  return { type: 'integer', nullable };
}
