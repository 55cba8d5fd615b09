import { randomUUID } from 'node:crypto';
import { toIssuerError } from '../credential-offer/issuer-errors.js';
import type { SignerKey } from '../credential-offer/receive-credentials.js';
import type { WalletContext } from '../context.js';
import { createDpopKey, dpopOptions, exportDpopKey, issuerTakesDpop } from '../crypto/dpop-key.js';
import { oid4vciRedirectUri } from '../holders/holder-fetch.js';
import type { AccountRow, HolderAuthorizationRow } from '../persistence/entities.js';
import { holderOauthClient } from '../usage/holder-oauth-client.js';
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
  const signingKeys: SignerKey[] = [];
  const { oauth2, issuerMetadata, server } = await holderOauthClient(
    ctx,
    started.credentialIssuer,
    signingKeys,
  );
  const dpopKey = issuerTakesDpop(issuerMetadata) ? createDpopKey() : undefined;
  if (dpopKey) signingKeys.push(dpopKey);
  const token = await oauth2
    .retrieveAuthorizationCodeAccessToken({
      authorizationServerMetadata: server,
      authorizationCode: code,
      pkceCodeVerifier: started.codeVerifier,
      redirectUri: oid4vciRedirectUri(ctx),
      ...(dpopKey ? { dpop: dpopOptions(dpopKey) } : {}),
    })
    .catch((e: unknown) => {
      throw toIssuerError(e, 'token request');
    });
  const response = token.accessTokenResponse;
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
        ...(token.dpop?.nonce ? { dpopNonce: token.dpop.nonce } : {}),
      },
    ),
    expiresAt: ctx.now() + (response.expires_in ?? 60),
  });
}
