import type { Request } from 'express';
import type { RateLimitedKey } from '@min-profil/shared/rate-limit';
import { hashSecret } from '@min-profil/shared/secrets';
import type { WalletContext } from '../context.js';

/**
 * A person's access token is limited on its own (`WALLET_TOKEN_RATE_LIMIT`): a script using it
 * is not cut off by others behind the same address. Sessions in a browser stay per address.
 */
export async function personalTokenRateLimitKey(
  ctx: WalletContext,
  req: Request,
): Promise<RateLimitedKey | undefined> {
  const presented = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/.exec(req.get('authorization') ?? '')?.[1];
  const token = presented === undefined ? null : await ctx.store.findPersonalToken(hashSecret(presented));
  return token ? { id: `token:${token.id}`, perMinute: ctx.settings.tokenRateLimitPerMinute } : undefined;
}
