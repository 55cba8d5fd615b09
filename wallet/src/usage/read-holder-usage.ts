import { resourceRequest } from '@openid4vc/oauth2';
import { OAuthError } from '@min-profil/shared/errors';
import { toIssuerError } from '../credential-offer/issuer-errors.js';
import type { WalletContext } from '../context.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';
import { dpopOptions, importDpopKey } from '../crypto/dpop-key.js';
import type { AccountRow } from '../persistence/entities.js';
import type { HolderConnectionRow } from '../persistence/holder-connection-entities.js';
import { connectionEnded, holderAccessToken } from './holder-access-token.js';
import type { HolderTokens } from './holder-tokens.js';
import { zHolderUsagePage, type HolderUsagePage } from './z-holder-usage.js';

/**
 * One page of the person's usage log at a connected holder (`GET {credential_issuer}/usage`),
 * with the connection's access token (DPoP-bound where the holder takes DPoP). A token the
 * holder refuses is refreshed once and the page asked again.
 */
export async function readHolderUsage(
  ctx: WalletContext,
  account: AccountRow,
  row: HolderConnectionRow,
  query: { cursor?: string; limit?: number },
): Promise<HolderUsagePage> {
  const url = new URL(`${row.credentialIssuer}/usage`);
  if (query.cursor) url.searchParams.set('cursor', query.cursor);
  if (query.limit) url.searchParams.set('limit', String(query.limit));
  let tokens = await holderAccessToken(ctx, account, row);
  for (let attempt = 0; ; attempt++) {
    const answer = await send(ctx, url.href, tokens);
    // The holder's DPoP nonce is not written back: that could overwrite tokens another request
    // refreshed meanwhile, and the library asks again with a fresh nonce when one is stale.
    if (answer.ok) {
      const parsed = zHolderUsagePage.safeParse(await answer.response.json().catch(() => null));
      if (!parsed.success) {
        throw new OAuthError(
          'access_denied',
          'the holder’s usage log answered something that is not a page',
          {
            status: 502,
          },
        );
      }
      return parsed.data;
    }
    const status = answer.response.status;
    await answer.response.body?.cancel();
    if (status === 401 && attempt === 0) {
      const fresh = await ctx.store.findHolderConnection(account.id, row.credentialIssuer);
      if (!fresh) throw connectionEnded('the connection to the holder ended: sign in again');
      tokens = await holderAccessToken(ctx, account, fresh, { rejected: tokens.accessToken });
      continue;
    }
    if (status === 400)
      throw new OAuthError('invalid_request', 'the holder refused the page asked for (cursor or limit)');
    throw new OAuthError('access_denied', `the holder’s usage log answered HTTP ${status}`, { status: 502 });
  }
}

async function send(ctx: WalletContext, url: string, tokens: HolderTokens) {
  const dpopKey = tokens.dpopKey ? importDpopKey(tokens.dpopKey) : undefined;
  return resourceRequest({
    callbacks: createClientCallbacks({
      fetch: ctx.fetch,
      clientId: ctx.settings.oauthClientId,
      signingKeys: dpopKey ? [dpopKey] : [],
    }),
    accessToken: tokens.accessToken,
    url,
    requestOptions: { method: 'GET', headers: { accept: 'application/json' } },
    ...(dpopKey ? { dpop: dpopOptions(dpopKey, tokens.dpopNonce) } : {}),
  }).catch((e: unknown) => {
    throw toIssuerError(e, 'usage log');
  });
}
