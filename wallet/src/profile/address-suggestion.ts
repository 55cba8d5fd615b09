import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { currentStatus, openSealed } from '../credentials/describe-credential.js';
import type { AccountRow } from '../persistence/entities.js';
import type { ProfileAddress } from './profile-model.js';

/** The credential configuration whose address pre-fills the profile. */
export const registeredAddressConfiguration = 'registered_address';
export const skatteverketId = 'skatteverket';

export interface AddressSuggestion {
  street_address: string;
  postal_code: string;
  locality: string;
  country: string;
  /** The held credential it comes from. */
  credential_id: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * The address from the newest valid Skatteverket registered-address credential the person
 * holds, offered for adoption; null when there is none. The credential's issuer must be the
 * trust list's Skatteverket, so another issuer's `registered_address` does not count.
 */
export async function findAddressSuggestion(
  ctx: WalletContext,
  account: AccountRow,
): Promise<AddressSuggestion | null> {
  const held = (await ctx.store.listCredentials(account.id, ['stored'])).filter(
    (row) => row.configurationId === registeredAddressConfiguration,
  );
  if (held.length === 0) return null;
  let issuers: Set<string>;
  try {
    const list = await ctx.trustList.get();
    issuers = new Set(list.issuers.filter((i) => i.id === skatteverketId).map((i) => i.credential_issuer));
  } catch {
    return null;
  }
  for (const row of held) {
    if (!issuers.has(row.credentialIssuer)) continue;
    if (!['valid', 'unknown'].includes(await currentStatus(ctx, row))) continue;
    const copy = openSealed(ctx, account, row).copies[0];
    if (!copy) continue;
    const address = decodeSdJwtVc(copy.compact).claims.address as Record<string, unknown> | undefined;
    const suggestion = {
      street_address: text(address?.street_address),
      postal_code: text(address?.postal_code),
      locality: text(address?.locality),
      // The Swedish population register holds Swedish addresses.
      country: text(address?.country).toUpperCase() || 'SE',
      credential_id: row.id,
    };
    if (suggestion.street_address && suggestion.postal_code && suggestion.locality) return suggestion;
  }
  return null;
}

export function sameAddress(
  a: Omit<ProfileAddress, 'source'> | null,
  b: Omit<ProfileAddress, 'source'> | null,
): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.street_address === b.street_address &&
    a.postal_code === b.postal_code &&
    a.locality === b.locality &&
    a.country === b.country
  );
}
