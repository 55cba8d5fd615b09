import { OAuthError } from '@min-profil/shared/errors';
import { pathName, type ClaimPath } from './match-credentials.js';
import { refuseTransactionData } from './prepare-transaction-data.js';
import type { StoredTransactionData } from './z-stored-presentation-request.js';
import type { PresentationResponseBody } from './z-presentation-response.js';

/** OpenID4VP 1.0 §6.2 (DCQL): a set of options (each a list of credential query ids); one option answers it. */
export interface CredentialSet {
  options: string[][];
  required?: boolean;
}

/** One credential query's candidates, as `matchCredentials` finds them. */
export interface QueryCandidates<Row extends { id: string }> {
  queryId: string;
  candidates: Array<{ row: Row; paths: ClaimPath[] }>;
  /** DCQL `multiple`: the query takes several credentials (a guardian credential per child). */
  multiple?: boolean;
}

/** What goes out for one credential query: which held credential, with which claims. */
export interface PlannedAnswer<Row extends { id: string }> {
  queryId: string;
  row: Row;
  paths: ClaimPath[];
}

export function credentialSetsOf(dcql: Record<string, unknown>): CredentialSet[] {
  return (dcql.credential_sets ?? []) as CredentialSet[];
}

/**
 * Which credential queries the answer covers, in order, or null when it cannot be given. Without
 * `credential_sets` every query must be answered. With them (OpenID4VP 1.0 §6.4.2) each set is answered by
 * its first option whose queries all have a credential; a set none of whose options can be met
 * leaves the request unanswerable, unless the set is optional (`required: false`), which is then
 * left out.
 */
export function selectQueries(
  queryIds: string[],
  sets: CredentialSet[],
  available: (queryId: string) => boolean,
): string[] | null {
  if (sets.length === 0) return queryIds.every(available) ? queryIds : null;
  const chosen: string[] = [];
  for (const set of sets) {
    const option = set.options.find((o) => o.every(available));
    if (option) chosen.push(...option);
    else if (set.required !== false) return null;
  }
  return [...new Set(chosen)];
}

/**
 * The claims that go out from a candidate: all it would send, or only those the person approved
 * (by name); a name the query did not ask for is refused rather than dropped.
 */
export function approvedPaths(
  queryId: string,
  paths: ClaimPath[],
  approved: string[] | undefined,
): ClaimPath[] {
  if (approved === undefined) return paths;
  const unknown = approved.filter((name) => !paths.some((p) => pathName(p) === name));
  if (unknown.length > 0) {
    throw new OAuthError(
      'invalid_request',
      `claims not asked for in "${queryId}" cannot be added: ${unknown.slice(0, 5).join(', ')}`,
    );
  }
  return paths.filter((p) => approved.includes(pathName(p)));
}

/**
 * Picks, per query that will be answered, the credential (the person's choice, else the first
 * candidate; every candidate for a `multiple` query) and the claims the person approved.
 */
export function planAnswer<Row extends { id: string }>(
  sets: CredentialSet[],
  matches: Array<QueryCandidates<Row>>,
  choice: Pick<PresentationResponseBody, 'credentials' | 'claims'>,
): Array<PlannedAnswer<Row>> {
  const available = (id: string) => (matches.find((m) => m.queryId === id)?.candidates.length ?? 0) > 0;
  const queryIds = selectQueries(
    matches.map((m) => m.queryId),
    sets,
    available,
  );
  if (queryIds === null) {
    throw new OAuthError(
      'invalid_request',
      sets.length > 0
        ? 'the wallet holds no credentials that satisfy the request'
        : 'the wallet holds no credential for part of the request; fetch it first',
      { status: 409 },
    );
  }
  return queryIds.flatMap((queryId) => {
    const match = matches.find((m) => m.queryId === queryId)!;
    const wanted = choice.credentials?.[queryId];
    // DCQL §6.1 `multiple`: every match goes (each child the request names), unless one is chosen.
    if (match.multiple && !wanted) {
      return match.candidates.map((candidate) => ({
        queryId,
        row: candidate.row,
        paths: approvedPaths(queryId, candidate.paths, choice.claims?.[queryId]),
      }));
    }
    const candidate = wanted ? match.candidates.find((c) => c.row.id === wanted) : match.candidates[0];
    if (!candidate)
      throw new OAuthError('invalid_request', `credential ${wanted} does not answer query "${queryId}"`);
    return {
      queryId,
      row: candidate.row,
      paths: approvedPaths(queryId, candidate.paths, choice.claims?.[queryId]),
    };
  });
}

/** OpenID4VP 1.0 §8.4: each entry is bound through a presentation for one of its credential ids. */
export function assertTransactionDataCarried(
  transactionData: StoredTransactionData[],
  plan: Array<{ queryId: string }>,
): void {
  for (const entry of transactionData) {
    if (!plan.some((p) => entry.value.credential_ids.includes(p.queryId))) {
      throw refuseTransactionData(
        'unknown_credential_id',
        'no presentation in this answer would carry the approval of the document',
      );
    }
  }
}
