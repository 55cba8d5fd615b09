import type { ParsedDcqlQuery } from '../presentation-request/parse-dcql-query.js';
import type { VerifiedPresentation } from './verify-sd-jwt-presentation.js';

/**
 * A shortcut for the common DCQL query (OpenID4VP 1.0 §6): SD-JWT VC credential queries only,
 * no `credential_sets`, `claim_sets`, `values`, `trusted_authorities` or wildcard paths. For
 * these, "satisfied" means every query got presentations whose `vct` is in `meta.vct_values`
 * and which carry every requested claim path (§6.4). It only ever answers "satisfied": when it
 * cannot tell, or the answer is no, the caller asks the `dcql` library, which then also words
 * the failure. Building the library's schemas per call was an eighth of a verification's time.
 */
export function isSimpleQuerySatisfied(
  query: ParsedDcqlQuery,
  results: Record<string, VerifiedPresentation[]>,
): boolean {
  if (query.credential_sets !== undefined) return false;
  for (const credential of query.credentials) {
    const q = credential as Record<string, unknown> & typeof credential;
    if (q.format !== 'dc+sd-jwt' || q.claim_sets !== undefined || q.trusted_authorities !== undefined) {
      return false;
    }
    const presentations = results[q.id];
    if (presentations === undefined || presentations.length === 0) return false;
    const vctValues = (q.meta as { vct_values?: string[] } | undefined)?.vct_values;
    const claims = (q.claims ?? []) as Array<{ path: Array<string | number | null>; values?: unknown }>;
    for (const p of presentations) {
      if (p.format === 'jwt_vc_json' || p.holderBound === false) return false;
      if (vctValues !== undefined && !vctValues.includes(p.vct)) return false;
      for (const claim of claims) {
        if (claim.values !== undefined || !hasPath(p.claims, claim.path)) return false;
      }
    }
  }
  return true;
}

function hasPath(claims: Record<string, unknown>, path: Array<string | number | null>): boolean {
  let node: unknown = claims;
  for (const segment of path) {
    if (segment === null) return false;
    if (typeof segment === 'number') {
      if (!Array.isArray(node) || segment >= node.length) return false;
      node = node[segment];
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, segment)) {
        return false;
      }
      node = (node as Record<string, unknown>)[segment];
    }
  }
  return node !== undefined && node !== null;
}
