import type { Localized } from '../credentials/z-credential-display.js';
import type { HeldCredentialRow } from '../persistence/entities.js';
import { pathName } from '../presentation/match-credentials.js';

/** Labels a log entry's claim names: `null` where the wallet keeps no label for it. */
export type ClaimLabeller = (credentialTypes: string[], claims: string[]) => Array<Localized | null>;

/**
 * The log keeps claim names (`given_name`), never display metadata; the labels ("Förnamn") are
 * read when the log is read, from the type metadata kept with each credential the person holds
 * (`wallet_credential.display`, by `vct` or configuration id). A type no longer held keeps its
 * claim names.
 */
export function claimLabeller(
  held: Array<Pick<HeldCredentialRow, 'vct' | 'configurationId' | 'display'>>,
): ClaimLabeller {
  const byType = new Map<string, Map<string, Localized>>();
  for (const row of held) {
    for (const type of [row.vct, row.configurationId]) {
      if (!type) continue;
      const labels = byType.get(type) ?? new Map<string, Localized>();
      for (const claim of row.display.claims) {
        const name = pathName(claim.path);
        if (!labels.has(name) && Object.keys(claim.label).length > 0) labels.set(name, claim.label);
      }
      byType.set(type, labels);
    }
  }
  return (credentialTypes, claims) =>
    claims.map((claim) => {
      for (const type of credentialTypes) {
        const label = byType.get(type)?.get(claim);
        if (label) return label;
      }
      return null;
    });
}
