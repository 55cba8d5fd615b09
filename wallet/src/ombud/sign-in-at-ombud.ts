import { randomUUID } from 'node:crypto';
import type { WalletContext } from '../context.js';
import { exportDpopKey } from '../crypto/dpop-key.js';
import type { AccountRow, HolderAuthorizationRow } from '../persistence/entities.js';
import { redeemHolderCode } from '../usage/redeem-holder-code.js';
import { sealOmbudTokens } from './ombud-tokens.js';

/**
 * Mina ombud sent the person back from a `mandates` sign-in: redeem the code (PKCE, and DPoP
 * where the holder takes it) and keep the access token, sealed, until it expires. Unlike a
 * usage-log connection there is no refresh token: once it lapses the person signs in again,
 * which is the holder's point (giving a power of attorney is done signed in, not on a standing
 * connection). A new sign-in replaces the old one.
 */
export async function signInAtOmbud(
  ctx: WalletContext,
  account: AccountRow,
  started: HolderAuthorizationRow,
  code: string,
): Promise<void> {
  const { response, dpopKey, dpopNonce } = await redeemHolderCode(ctx, started, code);
  const id = randomUUID();
  await ctx.store.replaceOmbudSignIn({
    id,
    accountId: account.id,
    credentialIssuer: started.credentialIssuer,
    sealed: sealOmbudTokens(
      ctx,
      account,
      { id },
      {
        accessToken: response.access_token,
        ...(dpopKey ? { dpopKey: exportDpopKey(dpopKey) } : {}),
        ...(dpopNonce ? { dpopNonce } : {}),
      },
    ),
    expiresAt: ctx.now() + (response.expires_in ?? 60),
  });
}
