/**
 * Whether the client says the PRF extension works for this credential (WebAuthn Level 3
 * §10.1.4): at creation `prf.enabled` is true; some authenticators also return results then.
 */
export function prfEnabled(results: Record<string, unknown>): boolean {
  const prf = results.prf as { enabled?: unknown; results?: unknown } | undefined;
  return prf?.enabled === true || (prf?.results !== undefined && prf.results !== null);
}
