import { Oauth2Client, getAuthorizationServerMetadataFromList } from '@openid4vc/oauth2';
import type { IssuerMetadataResult } from '@openid4vc/openid4vci';
import { walletClientAuthentication } from '../attestation/wallet-attestation.js';
import { toIssuerError } from '../credential-offer/issuer-errors.js';
import { createIssuerClient, type SignerKey } from '../credential-offer/receive-credentials.js';
import type { WalletContext } from '../context.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';

/**
 * An OAuth client for one call to a holder's authorization server or usage log, with the
 * wallet's attestation when it has a provider certificate (as at PAR and token for credentials).
 * `signingKeys` is where the signer finds the DPoP key and the attestation's instance key.
 */
export async function holderOauthClient(
  ctx: WalletContext,
  credentialIssuer: string,
  signingKeys: SignerKey[],
) {
  const issuerMetadata: IssuerMetadataResult = await createIssuerClient(ctx, [])
    .resolveIssuerMetadata(credentialIssuer)
    .catch((e: unknown) => {
      throw toIssuerError(e, 'issuer metadata');
    });
  const oauth2 = new Oauth2Client({
    callbacks: createClientCallbacks({
      fetch: ctx.fetch,
      clientId: ctx.settings.oauthClientId,
      signingKeys,
      clientAuthentication: await walletClientAuthentication(ctx, signingKeys),
    }),
  });
  const server = getAuthorizationServerMetadataFromList(
    issuerMetadata.authorizationServers,
    issuerMetadata.authorizationServers[0]!.issuer,
  );
  return { oauth2, issuerMetadata, server };
}
