import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { toIssuerError } from '../credential-offer/issuer-errors.js';
import { configurationOf, createIssuerClient } from '../credential-offer/receive-credentials.js';
import { keysNeeded, loadPageKeys } from '../credential-offer/receive-in-page.js';
import type { AccountRow } from '../persistence/entities.js';

/**
 * Which keys a fetch from a holder binds to (docs/passkeys.md, "Fetching from a holder"): a
 * passkey-protected account's page makes them before it leaves for the holder, so the first
 * answer says how many (`keysNeeded`, from the holder's metadata); the second names them
 * (`keyIds`, each one of this account's wrapped keys). A service-held account's keys are made
 * by the service at the callback (`keyIds: null`).
 */
export async function pageKeysForFetch(
  ctx: WalletContext,
  account: AccountRow,
  fetch: { credentialIssuer: string; configurationIds: string[]; holderKeyIds?: string[] },
): Promise<{ keysNeeded: number } | { keyIds: string[] | null }> {
  if (account.keyProtection !== 'passkey') {
    if (fetch.holderKeyIds) {
      throw new OAuthError('invalid_request', 'holder_key_ids: this account’s keys are service-held');
    }
    return { keyIds: null };
  }
  if (!fetch.holderKeyIds) {
    const issuerMetadata = await createIssuerClient(ctx, [])
      .resolveIssuerMetadata(fetch.credentialIssuer)
      .catch((e: unknown) => {
        throw toIssuerError(e, 'issuer metadata');
      });
    for (const id of fetch.configurationIds) configurationOf(issuerMetadata, id);
    return { keysNeeded: keysNeeded(ctx, { issuerMetadata }, fetch.configurationIds) };
  }
  if (fetch.holderKeyIds.length < fetch.configurationIds.length) {
    throw new OAuthError('invalid_request', 'holder_key_ids: at least one key per credential');
  }
  const keys = await loadPageKeys(ctx, account, fetch.holderKeyIds);
  return { keyIds: keys.map((k) => k.id) };
}
