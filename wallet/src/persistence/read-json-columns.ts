import type { z } from 'zod';

/**
 * A reader that checks a row's JSON columns against their schema as the row comes out of the
 * database, so what the wallet kept is typed by a check, not by a cast. The schema names only
 * the JSON columns; the other columns pass through as read.
 */
export function readJsonColumns<Row extends object>(schema: z.ZodType<Partial<Row>>): (row: Row) => Row {
  return (row) => ({ ...row, ...schema.parse(row) });
}
