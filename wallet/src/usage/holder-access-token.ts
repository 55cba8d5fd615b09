import { OAuthError } from '@min-profil/shared/errors';
import { Oauth2ClientErrorResponseError } from '@openid4vc/oauth2';
import { toIssuerError } from '../credential-offer/issuer-errors.js';
import type { SignerKey } from '../credential-offer/receive-credentials.js';
import type { WalletContext } from '../context.js';
import { dpopOptions, importDpopKey } from '../crypto/dpop-key.js';
import type { AccountRow } from '../persistence/entities.js';
import type { HolderConnectionRow } from '../persistence/holder-connection-entities.js';
import { holderOauthClient } from './holder-oauth-client.js';
import { openHolderTokens, sealHolderTokens, type HolderTokens } from './holder-tokens.js';

/** An access token this close to expiry is refreshed first rather than sent. */
const expiryMargin = 30;
/** How long one refresh may hold the lease; a crashed holder of it is outwaited. */
const leaseSeconds = 30;

/** The connection no longer works (the sign-in expired or was revoked): the person connects again. */
export function connectionEnded(message: string): OAuthError {
  return new OAuthError('access_denied', message, { status: 409, extra: { reconnect: true } });
}

/**
 * A usable access token for a holder connection: the kept one while it lasts, else a new one
 * from the rotated refresh token (RFC 6749 §6, RFC 9700 §4.14.2) under a lease, so a refresh
 * token is spent once. A request that finds the lease taken waits for the other's result; one
 * that wins it reads the row again first, since another may have refreshed since `row` was read
 * (its refresh token is then the only one the holder still takes). `rejected` is the access token
 * the holder just refused: never handed out again.
 */
export async function holderAccessToken(
  ctx: WalletContext,
  account: AccountRow,
  row: HolderConnectionRow,
  options: { rejected?: string } = {},
): Promise<HolderTokens> {
  /** A kept token this request may use: unexpired, and not the one the holder just refused. */
  const usable = (tokens: HolderTokens) =>
    tokens.accessToken !== options.rejected && tokens.accessTokenExpiresAt > ctx.now() + expiryMargin;
  const kept = openHolderTokens(ctx, account, row);
  if (usable(kept)) return kept;
  if (!(await ctx.store.leaseHolderConnection(row.id, ctx.now(), ctx.now() + leaseSeconds))) {
    return awaitOtherRefresh(ctx, account, row, options.rejected);
  }
  // Read again under the lease: another request may have refreshed since `row` was read, and
  // its refresh token is the only one the holder still takes (the old one is spent).
  const current = await ctx.store.findHolderConnection(account.id, row.credentialIssuer);
  if (!current || current.id !== row.id) {
    throw connectionEnded('the connection to the holder ended: sign in again');
  }
  const latest = openHolderTokens(ctx, account, current);
  if (usable(latest)) {
    await ctx.store.releaseHolderConnection(row.id);
    return latest;
  }
  const signingKeys: SignerKey[] = [];
  const dpopKey = latest.dpopKey ? importDpopKey(latest.dpopKey) : undefined;
  if (dpopKey) signingKeys.push(dpopKey);
  try {
    const { oauth2, server } = await holderOauthClient(ctx, row.credentialIssuer, signingKeys);
    const token = await oauth2.retrieveRefreshTokenAccessToken({
      authorizationServerMetadata: server,
      refreshToken: latest.refreshToken,
      // The holder's authorization server asks a public client to name itself (RFC 6749 §6).
      additionalRequestPayload: { client_id: ctx.settings.oauthClientId },
      ...(dpopKey ? { dpop: dpopOptions(dpopKey, latest.dpopNonce) } : {}),
    });
    const response = token.accessTokenResponse;
    const tokens: HolderTokens = {
      ...latest,
      refreshToken: response.refresh_token ?? latest.refreshToken,
      accessToken: response.access_token,
      accessTokenExpiresAt: ctx.now() + (response.expires_in ?? 60),
      ...(token.dpop?.nonce ? { dpopNonce: token.dpop.nonce } : {}),
    };
    await ctx.store.updateHolderConnection(row.id, sealHolderTokens(ctx, account, row, tokens));
    return tokens;
  } catch (error) {
    if (error instanceof Oauth2ClientErrorResponseError && error.errorResponse.error === 'invalid_grant') {
      // Expired (30 days), revoked, or replayed: the holder keeps nothing of it, nor do we.
      await ctx.store.deleteHolderConnection(row.id);
      throw connectionEnded('the holder no longer accepts this connection: sign in at the holder again');
    }
    await ctx.store.releaseHolderConnection(row.id);
    throw toIssuerError(error, 'token refresh');
  }
}

/** Another request is refreshing: wait for its tokens (a few seconds at most). */
async function awaitOtherRefresh(
  ctx: WalletContext,
  account: AccountRow,
  row: HolderConnectionRow,
  rejected?: string,
): Promise<HolderTokens> {
  for (let attempt = 0; attempt < 40; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await ctx.store.findHolderConnection(account.id, row.credentialIssuer);
    if (!now || now.id !== row.id) throw connectionEnded('the connection to the holder ended: sign in again');
    if (now.refreshLeaseUntil === null) {
      const tokens = openHolderTokens(ctx, account, now);
      if (tokens.accessToken !== rejected && tokens.accessTokenExpiresAt > ctx.now() + expiryMargin)
        return tokens;
    }
  }
  throw new OAuthError('temporarily_unavailable', 'the holder connection is being renewed; try again', {
    status: 503,
  });
}
