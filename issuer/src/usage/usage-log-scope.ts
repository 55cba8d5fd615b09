import { mandatesScope } from '../ombud/mandates-scope.js';

/**
 * The scope of "who has used my data": read one's own usage log at a holder. It is not a
 * credential configuration; a token granted it has no configurations, so the credential
 * endpoint refuses it, and only such a token is accepted at `GET /{holder}/usage`.
 */
export const usageLogScope = 'usage_log';

/** The non-credential scopes granted by a request's `scope` parameter (checked at the PAR endpoint). */
export function grantedScopes(scope: string | null | undefined): string[] {
  const asked = (scope ?? '').split(' ');
  return [usageLogScope, mandatesScope].filter((s) => asked.includes(s));
}
