import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { toIssuerError } from '../credential-offer/issuer-errors.js';
import { configurationOf, createIssuerClient } from '../credential-offer/receive-credentials.js';
import { keysNeeded, loadPageKeys } from '../credential-offer/receive-in-page.js';
import type { AccountRow } from '../persistence/entities.js';
import { pageDpopKeyOf } from '../credential-offer/page-token.js';
import { issuerTakesDpop } from '../crypto/dpop-key.js';

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
  fetch: {
    credentialIssuer: string;
    configurationIds: string[];
    holderKeyIds?: string[];
    dpopKeyId?: string;
  },
): Promise<{ keysNeeded: number; dpopKey: boolean } | { keyIds: string[] | null; dpopKeyId: string | null }> {
  if (account.keyProtection !== 'passkey') {
    if (fetch.holderKeyIds || fetch.dpopKeyId) {
      throw new OAuthError('invalid_request', 'holder_key_ids: this account’s keys are service-held');
    }
    return { keyIds: null, dpopKeyId: null };
  }
  const issuerMetadata = await createIssuerClient(ctx, [])
    .resolveIssuerMetadata(fetch.credentialIssuer)
    .catch((e: unknown) => {
      throw toIssuerError(e, 'issuer metadata');
    });
  // The token's DPoP key is the page's too, when the holder binds tokens to one.
  const dpopKey = issuerTakesDpop(issuerMetadata);
  if (!fetch.holderKeyIds) {
    for (const id of fetch.configurationIds) configurationOf(issuerMetadata, id);
    return { keysNeeded: keysNeeded(ctx, { issuerMetadata }, fetch.configurationIds), dpopKey };
  }
  if (fetch.holderKeyIds.length < fetch.configurationIds.length) {
    throw new OAuthError('invalid_request', 'holder_key_ids: at least one key per credential');
  }
  const keys = await loadPageKeys(ctx, account, fetch.holderKeyIds);
  const dpop = dpopKey ? await pageDpopKeyOf(ctx, account, fetch.dpopKeyId, keys) : null;
  return { keyIds: keys.map((k) => k.id), dpopKeyId: dpop?.id ?? null };
}
