import type { EntitySchemaColumnOptions } from 'typeorm';
import { bigintAsNumber } from '@min-profil/shared/db-columns';

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
