import type { HeldCredentialRow } from '../persistence/entities.js';

/** What of a DCQL credential query can be read against a held credential's clear columns. */
export interface ClearQuery {
  format: string;
  meta?: { vct_values?: string[] };
}

/**
 * The format every held credential is given to dcql as (match-credentials.ts); a query of
 * another format can match none of them.
 */
export const heldFormat = 'dc+sd-jwt';

/**
 * Could the query match this credential, judged by its clear columns alone? dcql's meta check
 * for `dc+sd-jwt` is exactly this (dcql-meta-query-result: the format, then `vct` one of
 * `vct_values` when given), so a credential it rules out would fail that check once opened.
 */
export function couldMatch(query: ClearQuery, row: Pick<HeldCredentialRow, 'vct'>): boolean {
  if (query.format !== heldFormat) return false;
  const vcts = query.meta?.vct_values;
  return vcts === undefined || vcts.includes(row.vct ?? '');
}

/** The credentials any of the queries could match, in their order: the only ones to open. */
export function narrowCandidates<Row extends Pick<HeldCredentialRow, 'vct'>>(
  queries: ClearQuery[],
  rows: Row[],
): Row[] {
  return rows.filter((row) => queries.some((q) => couldMatch(q, row)));
}

/**
 * The `vct` values to read from the store (`[]`: none), or undefined when some query takes a
 * credential of any type (no `vct_values`), or one without a type (`''`), so all are read.
 */
export function typesToRead(queries: ClearQuery[]): string[] | undefined {
  const held = queries.filter((q) => q.format === heldFormat);
  const types = new Set<string>();
  for (const q of held) {
    const vcts = q.meta?.vct_values;
    if (vcts === undefined || vcts.includes('')) return undefined;
    for (const vct of vcts) types.add(vct);
  }
  return [...types];
}
