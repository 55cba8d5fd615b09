import { findConsumer, findIssuer } from '@min-profil/shared/trust-list/trust-queries';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { Localized } from './credential-display.js';

/** Who issued a credential, as every screen shows it. */
export interface IssuerView {
  credential_issuer: string;
  /** The trust list's name; for an issuer not on it, its address, never a name it gives itself. */
  name: Localized;
  /** Is the issuer on the trust list? */
  trusted: boolean;
  /** What an issuer not on the trust list calls itself in its own metadata (unconfirmed). */
  claimed_name: Localized | null;
}

/**
 * The issuer of a held credential, read against the current trust list: the list's name wins
 * over whatever the issuer's own metadata says, so an issuer outside the list cannot appear
 * under a public body's name (it is shown by its address and marked as not on the list).
 */
export function describeIssuer(
  list: TrustList,
  credentialIssuer: string,
  claimedName: Localized | null | undefined,
): IssuerView {
  const listed = findIssuer(list, credentialIssuer);
  if (listed)
    return {
      credential_issuer: credentialIssuer,
      name: { ...listed.name },
      trusted: true,
      claimed_name: null,
    };
  const claimed = claimedName && Object.keys(claimedName).length > 0 ? claimedName : null;
  return {
    credential_issuer: credentialIssuer,
    name: { und: credentialIssuer },
    trusted: false,
    claimed_name:
      claimed && !(Object.keys(claimed).length === 1 && claimed.und === credentialIssuer) ? claimed : null,
  };
}

/**
 * The counterparty of a log entry against the current trust list: an issuer or consumer on it
 * goes by the list's name; an issuer not on it by its address (as `describeIssuer`). `trusted`
 * is null for entries with no outside counterparty (the person's own profile changes).
 */
export function describeCounterparty(
  list: TrustList,
  entry: { event: string; counterparty: string; counterpartyName: Localized | null },
): { name: Localized | null; trusted: boolean | null } {
  const issuer = findIssuer(list, entry.counterparty);
  if (issuer) return { name: { ...issuer.name }, trusted: true };
  const consumer = findConsumer(list, entry.counterparty);
  if (consumer) return { name: { ...consumer.name }, trusted: true };
  if (entry.event === 'issuance' || entry.event === 'deletion')
    return { name: { und: entry.counterparty }, trusted: false };
  if (entry.event === 'refusal' || entry.event === 'presentation')
    return { name: entry.counterpartyName, trusted: false };
  return { name: entry.counterpartyName, trusted: null };
}
