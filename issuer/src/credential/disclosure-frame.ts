import type { CredentialConfiguration } from '../holders/holder-types.js';

/**
 * The SD-JWT disclosure frame for a credential type: every personal claim selectively
 * disclosable, nested object members separately, and each element of listed arrays
 * (e.g. each course of a diploma) as its own disclosure.
 */
export function createDisclosureFrame(
  configuration: CredentialConfiguration,
  claims: Record<string, unknown>,
): Record<string, unknown> {
  const frame: Record<string, unknown> & { _sd: Array<string | number> } = { _sd: [] };
  for (const def of configuration.claims) {
    if (!def.disclosable || def.path.some((p) => typeof p !== 'string')) continue;
    const path = def.path as string[];
    if (!hasPath(claims, path)) continue;
    if (path.length === 1) {
      frame._sd.push(path[0]);
    } else if (path.length === 2) {
      const nested = (frame[path[0]] ??= { _sd: [] }) as { _sd: Array<string | number> };
      nested._sd.push(path[1]);
    }
  }
  for (const arrayName of configuration.disclosableArrayElements ?? []) {
    const value = claims[arrayName];
    if (Array.isArray(value)) frame[arrayName] = { _sd: value.map((_, i) => i) };
  }
  return frame;
}

function hasPath(claims: Record<string, unknown>, path: string[]): boolean {
  let node: unknown = claims;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !(segment in node)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}
