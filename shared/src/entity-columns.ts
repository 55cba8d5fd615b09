import type { EntitySchemaColumnOptions } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { bigintAsNumber } from './db-columns.js';

/**
 * Column helpers for the services' TypeORM entity schemas, the counterparts of the migration
 * helpers in `db-columns.ts`. Each takes the column's name in the database, so an entity says
 * exactly what its migration created.
 */

/** Epoch seconds, read back as a number on PostgreSQL too. */
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

/** simple-json columns hold arbitrary JSON, which TypeORM's deep-partial type cannot express. */
export function asPartial<Row>(row: Partial<Row>): QueryDeepPartialEntity<Row> {
  return row as QueryDeepPartialEntity<Row>;
}
