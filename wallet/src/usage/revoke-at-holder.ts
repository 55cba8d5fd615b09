import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import type { HolderConnectionRow } from '../persistence/holder-connection-entities.js';
import { holderOauthClient } from './holder-oauth-client.js';
import { openHolderTokens } from './holder-tokens.js';

/**
 * Gives a connection's refresh token up at the holder (RFC 7009), which revokes the whole
 * sign-in there. Best effort: a holder without a revocation endpoint, or one that does not
 * answer, lets its tokens expire on their own (30 days) — the wallet forgets them either way.
 * Returns whether the holder confirmed.
 */
export async function revokeAtHolder(
  ctx: WalletContext,
  account: AccountRow,
  row: HolderConnectionRow,
): Promise<boolean> {
  try {
    const tokens = openHolderTokens(ctx, account, row);
    const { server } = await holderOauthClient(ctx, row.credentialIssuer, []);
    const endpoint = server.revocation_endpoint;
    if (typeof endpoint !== 'string') return false;
    const response = await ctx.fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: tokens.refreshToken,
        token_type_hint: 'refresh_token',
        client_id: ctx.settings.oauthClientId,
      }).toString(),
    });
    await response.body?.cancel();
    return response.ok;
  } catch (error) {
    ctx.logger.warn(
      { issuer: row.credentialIssuer, err: String(error).slice(0, 200) },
      'holder token revocation failed',
    );
    return false;
  }
}
