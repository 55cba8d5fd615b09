import type { ClaimPath } from './match-credentials.js';

type DisclosurePath = Array<string | number>;

/** The part of a path that decides disclosure: a chosen claim discloses everything inside it. */
function isWithin(path: DisclosurePath, chosen: ClaimPath[]): boolean {
  return chosen.some(
    (c) => c.length <= path.length && c.every((segment, i) => segment === null || segment === path[i]),
  );
}

/**
 * Which disclosures to send for the chosen claim paths, given the paths of the credential's
 * disclosures: every disclosure inside a chosen claim, and, when a chosen claim has no
 * disclosure of its own (an issuer that made only its parent selectively disclosable), the
 * nearest disclosure that contains it. Parents of chosen disclosures are added by
 * `presentSdJwtVc`.
 */
export function selectDisclosures(
  disclosurePaths: DisclosurePath[],
  chosen: ClaimPath[],
): (path: DisclosurePath) => boolean {
  const extra: DisclosurePath[] = [];
  for (const c of chosen) {
    if (disclosurePaths.some((p) => isWithin(p, [c]))) continue;
    const containing = disclosurePaths
      .filter((p) => p.length < c.length && p.every((segment, i) => c[i] === null || c[i] === segment))
      .sort((a, b) => b.length - a.length)[0];
    if (containing) extra.push(containing);
  }
  const key = (p: DisclosurePath) => JSON.stringify(p);
  const extraKeys = new Set(extra.map(key));
  return (path) => isWithin(path, chosen) || extraKeys.has(key(path));
}
