import { toIssuerError } from '../credential-offer/issuer-errors.js';
import type { SignerKey } from '../credential-offer/receive-credentials.js';
import type { WalletContext } from '../context.js';
import { createDpopKey, dpopOptions, issuerTakesDpop, type DpopKey } from '../crypto/dpop-key.js';
import { oid4vciRedirectUri } from '../holders/holder-fetch.js';
import type { HolderAuthorizationRow } from '../persistence/entities.js';
import { holderOauthClient } from './holder-oauth-client.js';

/**
 * Redeems the code of a sign-in at a holder that is not for a credential (`usage_log`,
 * `mandates`): PKCE, and a fresh DPoP key where the holder takes DPoP, so the tokens are bound
 * to a key only this connection uses. What to keep of the answer is the caller's.
 */
export async function redeemHolderCode(ctx: WalletContext, started: HolderAuthorizationRow, code: string) {
  const signingKeys: SignerKey[] = [];
  const { oauth2, issuerMetadata, server } = await holderOauthClient(
    ctx,
    started.credentialIssuer,
    signingKeys,
  );
  const dpopKey: DpopKey | undefined = issuerTakesDpop(issuerMetadata) ? createDpopKey() : undefined;
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
  return { response: token.accessTokenResponse, dpopKey, dpopNonce: token.dpop?.nonce };
}
