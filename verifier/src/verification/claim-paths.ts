import type { ClaimPath } from '@min-profil/shared/trust-list/z-trust-list';

type Segment = string | number | null;

function segmentMatches(requested: Segment, actual: string | number): boolean {
  return requested === null ? typeof actual === 'number' : requested === actual;
}

/**
 * Is a disclosed claim at `disclosed` covered by a requested path? It is when it lies on the
 * way to the requested claim (a parent object the wallet had to disclose) or inside it (part
 * of a requested object or array). `null` in a requested path matches any array index
 * (OpenID4VP 1.0 §7.1).
 */
export function isPathCovered(requested: ClaimPath, disclosed: Array<string | number>): boolean {
  const shared = Math.min(requested.length, disclosed.length);
  for (let i = 0; i < shared; i++) if (!segmentMatches(requested[i], disclosed[i])) return false;
  return true;
}

/**
 * The requested claims only, out of all the verified claims (OpenID4VP 1.0 §7.1 claim path
 * semantics), so nothing beyond the query reaches the consumer even if it were disclosed.
 */
export function projectClaims(claims: Record<string, unknown>, paths: ClaimPath[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) copyPath(claims, out, path);
  return out;
}

function copyPath(source: unknown, target: Record<string, unknown> | unknown[], path: ClaimPath): void {
  const [head, ...rest] = path;
  if (head === null) {
    if (!Array.isArray(source) || !Array.isArray(target)) return;
    source.forEach((element, index) => copyInto(element, target, index, rest));
    return;
  }
  if (typeof head === 'number') {
    if (!Array.isArray(source) || !Array.isArray(target) || index(head, source) === undefined) return;
    copyInto(source[head], target, head, rest);
    return;
  }
  if (
    typeof source !== 'object' ||
    source === null ||
    Array.isArray(source) ||
    !Object.hasOwn(source, head)
  ) {
    return;
  }
  copyInto((source as Record<string, unknown>)[head], target, head, rest);
}

function index(i: number, array: unknown[]): number | undefined {
  return i >= 0 && i < array.length ? i : undefined;
}

function copyInto(
  value: unknown,
  target: Record<string, unknown> | unknown[],
  key: string | number,
  rest: ClaimPath,
) {
  const slot = target as Record<string | number, unknown>;
  // A claim named `__proto__` must never reach an object's prototype.
  if (key === '__proto__') return;
  if (rest.length === 0) {
    slot[key] = value;
    return;
  }
  if (Array.isArray(value)) {
    const existing = Array.isArray(slot[key]) ? (slot[key] as unknown[]) : [];
    slot[key] = existing;
    copyPath(value, existing, rest);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const existing =
      typeof slot[key] === 'object' && slot[key] !== null && !Array.isArray(slot[key])
        ? (slot[key] as Record<string, unknown>)
        : {};
    slot[key] = existing;
    copyPath(value, existing, rest);
  }
}
