import { randomUUID } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { exportDpopKey } from '../crypto/dpop-key.js';
import type { AccountRow, HolderAuthorizationRow } from '../persistence/entities.js';
import { redeemHolderCode } from './redeem-holder-code.js';
import { sealHolderTokens } from './holder-tokens.js';
import { revokeAtHolder } from './revoke-at-holder.js';

/**
 * The holder sent the person back from a `usage_log` sign-in: redeem the code (PKCE, and DPoP
 * where the holder takes it) and keep the refresh token, sealed, as the person's connection to
 * that holder's usage log. A new sign-in replaces an older connection, whose tokens are given
 * up at the holder.
 */
export async function connectUsageLog(
  ctx: WalletContext,
  account: AccountRow,
  started: HolderAuthorizationRow,
  code: string,
): Promise<void> {
  const { response, dpopKey, dpopNonce } = await redeemHolderCode(ctx, started, code);
  if (typeof response.refresh_token !== 'string') {
    throw new OAuthError('access_denied', 'the holder gave no refresh token for its usage log', {
      status: 502,
    });
  }
  const previous = await ctx.store.findHolderConnection(account.id, started.credentialIssuer);
  const id = randomUUID();
  await ctx.store.replaceHolderConnection({
    id,
    accountId: account.id,
    credentialIssuer: started.credentialIssuer,
    sealed: sealHolderTokens(
      ctx,
      account,
      { id },
      {
        refreshToken: response.refresh_token,
        accessToken: response.access_token,
        accessTokenExpiresAt: ctx.now() + (response.expires_in ?? 60),
        ...(dpopKey ? { dpopKey: exportDpopKey(dpopKey) } : {}),
        ...(dpopNonce ? { dpopNonce } : {}),
      },
    ),
    connectedAt: ctx.now(),
    refreshLeaseUntil: null,
  });
  if (previous) await revokeAtHolder(ctx, account, previous);
}
