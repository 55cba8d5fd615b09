import type { EntitySchemaColumnOptions } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
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

/** simple-json columns hold arbitrary JSON, which TypeORM's deep-partial type cannot express. */
export function asPartial<Row>(row: Partial<Row>): QueryDeepPartialEntity<Row> {
  return row as QueryDeepPartialEntity<Row>;
}
