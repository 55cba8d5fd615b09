import type { JWK } from 'jose';
import {
  authorizationCodeGrantIdentifier,
  getAuthorizationServerMetadataFromList,
  preAuthorizedCodeGrantIdentifier,
} from '@openid4vc/oauth2';
import {
  determineAuthorizationServerForCredentialOffer,
  type CredentialOfferObject,
  type IssuerMetadataResult,
} from '@openid4vc/openid4vci';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { walletClientAuthentication } from '../attestation/wallet-attestation.js';
import { DpopProofNeeded, dpopSigningInput, pageDpopSigner } from '../crypto/page-dpop.js';
import type { AccountRow } from '../persistence/entities.js';
import type { WrappedKeyRow } from '../persistence/passkey-entities.js';
import type { SigningRequestRow } from '../persistence/signing-request-entities.js';
import { createSigningRequest } from '../signing-requests/signing-request.js';
import { toIssuerError } from './issuer-errors.js';
import { createIssuerClient, type SignerKey } from './receive-credentials.js';
import { loadPageKeys, startIssuanceInPage, type PageDpop } from './receive-in-page.js';

/**
 * The token request of an issuance whose DPoP key is the page's (docs/passkeys.md, "DPoP in
 * the page"): the grant (a pre-authorized code, or the holder's authorization code at the
 * callback) is redeemed only with a proof the page signed, so the token is bound to a key only
 * the person's browser holds. One signing request of kind `issuance` carries that proof; its
 * completion redeems the grant and answers with the next one (the credential requests' proofs
 * and their DPoP proofs), or, when the server asks for a DPoP nonce, with the same proof again
 * for the page to sign with that nonce.
 */

/** The grant to redeem, sealed until the page has signed (the code is single use). */
type TokenGrant =
  | { type: 'pre-authorized_code'; txCode?: string }
  | { type: 'authorization_code'; code: string; codeVerifier: string; redirectUri: string };

/** Sealed in the token stage's signing request (IssuanceContinuation version 3). */
export interface TokenStageContinuation {
  version: 3;
  stage: 'token';
  credentialIssuer: string;
  /** The offer (by value; for a fetch at a holder, the wallet-initiated stand-in). */
  offer: CredentialOfferObject;
  grant: TokenGrant;
  configurationIds: string[];
  holderKeyIds: string[];
  clientIdInProof?: string;
  /** The page's DPoP key and the nonce its proof carries (after `use_dpop_nonce`). */
  dpop: PageDpop;
  holderFetch?: true;
}

function tokenEndpointOf(issuerMetadata: IssuerMetadataResult, offer: CredentialOfferObject): string {
  const grant =
    offer.grants?.[preAuthorizedCodeGrantIdentifier] ?? offer.grants?.[authorizationCodeGrantIdentifier];
  const server = getAuthorizationServerMetadataFromList(
    issuerMetadata.authorizationServers,
    determineAuthorizationServerForCredentialOffer({
      issuerMetadata,
      grantAuthorizationServer: grant?.authorization_server,
    }),
  );
  return server.token_endpoint;
}

/**
 * The page's DPoP key named in the request (`dpop_key_id`): one of this account's wrapped keys,
 * and none of the holder keys (a DPoP key bound to a credential would link the two).
 */
export async function pageDpopKeyOf(
  ctx: WalletContext,
  account: AccountRow,
  keyId: string | undefined,
  holderKeys: Array<{ id: string }>,
): Promise<WrappedKeyRow> {
  if (!keyId) {
    throw new OAuthError(
      'invalid_request',
      'dpop_key_id: this issuer binds its tokens to a DPoP key; make one more key in the page (keys_needed said dpop_key)',
    );
  }
  if (holderKeys.some((k) => k.id === keyId)) {
    throw new OAuthError('invalid_request', 'dpop_key_id must not be one of holder_key_ids');
  }
  return loadPageDpopKey(ctx, account, keyId);
}

/** The page's DPoP key named in the request: one of this account's wrapped keys. */
async function loadPageDpopKey(
  ctx: WalletContext,
  account: AccountRow,
  keyId: string,
): Promise<WrappedKeyRow> {
  const [key] = await loadPageKeys(ctx, account, [keyId]);
  return key!;
}

/** The signing request for the token request's DPoP proof (with `nonce` once the server gave one). */
export async function startTokenInPage(
  ctx: WalletContext,
  account: AccountRow,
  options: { issuerMetadata: IssuerMetadataResult; continuation: TokenStageContinuation },
): Promise<SigningRequestRow> {
  const { continuation } = options;
  const key = await loadPageDpopKey(ctx, account, continuation.dpop.keyId);
  const signingInput = dpopSigningInput({
    publicJwk: key.publicJwk as JWK,
    method: 'POST',
    url: tokenEndpointOf(options.issuerMetadata, continuation.offer),
    nonce: continuation.dpop.nonce,
    iat: ctx.now(),
  });
  return createSigningRequest(ctx, account, 'issuance', [{ keyId: key.id, signingInput }], continuation);
}

/**
 * The page signed the token request's proof: the grant is redeemed with it. Answers with the
 * next signing request: the credential requests' (startIssuanceInPage), or this stage again
 * with the nonce the server asked for (RFC 9449 §8; the server checks the proof before the grant,
 * so the code is not spent).
 */
export async function completeTokenInPage(
  ctx: WalletContext,
  account: AccountRow,
  continuation: TokenStageContinuation,
  jws: string[],
): Promise<SigningRequestRow> {
  const signingKeys: SignerKey[] = [];
  const clientAuthentication =
    continuation.grant.type === 'authorization_code'
      ? await walletClientAuthentication(ctx, signingKeys)
      : undefined;
  const client = createIssuerClient(ctx, signingKeys, clientAuthentication, pageDpopSigner(jws));
  const issuerMetadata = await client
    .resolveIssuerMetadata(continuation.credentialIssuer)
    .catch((e: unknown) => {
      throw toIssuerError(e, 'issuer metadata');
    });
  const key = await loadPageDpopKey(ctx, account, continuation.dpop.keyId);
  const publicJwk = key.publicJwk as JWK;
  const dpop = {
    signer: { method: 'jwk' as const, publicJwk: publicJwk as never, alg: 'ES256' },
    nonce: continuation.dpop.nonce,
  };
  const { grant, offer } = continuation;
  let token;
  try {
    token =
      grant.type === 'pre-authorized_code'
        ? await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
            credentialOffer: offer,
            issuerMetadata,
            ...(grant.txCode ? { txCode: grant.txCode } : {}),
            dpop,
          })
        : await client.retrieveAuthorizationCodeAccessTokenFromOffer({
            credentialOffer: offer,
            issuerMetadata,
            authorizationCode: grant.code,
            pkceCodeVerifier: grant.codeVerifier,
            redirectUri: grant.redirectUri,
            dpop,
          });
  } catch (error) {
    if (error instanceof DpopProofNeeded && error.binding.nonce !== continuation.dpop.nonce) {
      // use_dpop_nonce: the page signs the proof again, with the nonce the server sent.
      return startTokenInPage(ctx, account, {
        issuerMetadata,
        continuation: { ...continuation, dpop: { ...continuation.dpop, nonce: error.binding.nonce } },
      });
    }
    if (error instanceof DpopProofNeeded) {
      throw new OAuthError('invalid_request', 'the issuer refused the DPoP proof: start again', {
        status: 502,
      });
    }
    throw toIssuerError(error, 'token request');
  }
  const keys = await loadPageKeys(ctx, account, continuation.holderKeyIds);
  const tokenResponse = token.accessTokenResponse;
  return startIssuanceInPage(ctx, account, {
    session: { issuerMetadata, client },
    accessToken: tokenResponse.access_token,
    authorizationDetails: tokenResponse.authorization_details,
    configurationIds: continuation.configurationIds,
    cNonce: typeof tokenResponse.c_nonce === 'string' ? tokenResponse.c_nonce : undefined,
    ...(continuation.clientIdInProof ? { clientIdInProof: continuation.clientIdInProof } : {}),
    keys,
    dpop: { keyId: key.id, nonce: token.dpop?.nonce, publicJwk },
    ...(continuation.holderFetch ? { holderFetch: true } : {}),
  });
}
