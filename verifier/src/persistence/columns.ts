import type { EntitySchemaColumnOptions } from 'typeorm';
import { bigintAsNumber } from '@min-profil/shared/db-columns';

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
