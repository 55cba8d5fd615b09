import { findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import type { WalletContext } from '../context.js';
import { refuseUnidentifiedRequester } from './refuse-unidentified-requester.js';
import type { StoredPresentationRequest } from './resolve-presentation-request.js';

/**
 * Who asks, as the trust list knows it (only a verified signature names a consumer), and
 * whether the wallet refuses to answer an asker it cannot identify. Both the request view and
 * the answer decide it, from the trust list as it is now.
 */
export async function identifyRequester(
  ctx: Pick<WalletContext, 'trustList' | 'settings'>,
  stored: Pick<StoredPresentationRequest, 'client' | 'verified'>,
) {
  const list = await ctx.trustList.get();
  const consumer = stored.verified ? findConsumer(list, stored.client.effective) : undefined;
  const refusal = refuseUnidentifiedRequester({
    client: stored.client,
    verified: stored.verified,
    consumer,
    allowUnsigned: ctx.settings.allowUnsignedRequests,
  });
  return { list, consumer, refusal };
}
