import { authorizationCodeGrantIdentifier, preAuthorizedCodeGrantIdentifier } from '@openid4vc/oauth2';
import type { CredentialOfferObject } from '@openid4vc/openid4vci';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { assertFetchableUrl } from '../http/safe-fetch.js';
import { safeReturnTo } from '../auth/sign-in.js';
import { startHolderFetch } from '../holders/holder-fetch.js';
import { pageKeysForFetch } from '../holders/fetch-keys.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { toIssuerError } from './issuer-errors.js';
import {
  configurationOf,
  createIssuerClient,
  newOfferId,
  requestCredentials,
  startDpop,
  type SignerKey,
} from './receive-credentials.js';
import { dpopOptions } from '../crypto/dpop-key.js';
import { storeReceived } from './store-received.js';
import { keysNeeded, loadPageKeys, startIssuanceInPage } from './receive-in-page.js';
import { pageDpopKeyOf, startTokenInPage } from './page-token.js';
import { issuerTakesDpop } from '../crypto/dpop-key.js';
import type { SigningRequestRow } from '../persistence/signing-request-entities.js';
import type { CredentialOfferRequest } from './z-credential-offer-request.js';

/** Accepts the link forms people paste: the offer link, or the bare `credential_offer_uri`. */
export function normalizeOfferLink(offer: string, allowInsecureUrls: boolean): string {
  if (/^https?:\/\//i.test(offer)) {
    assertFetchableUrl(offer, allowInsecureUrls, 'credential_offer_uri');
    return `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(offer)}`;
  }
  let url: URL;
  try {
    url = new URL(offer);
  } catch {
    throw new OAuthError(
      'invalid_request',
      'the offer is neither an openid-credential-offer:// link nor an https URL',
    );
  }
  const byValue = url.searchParams.get('credential_offer');
  const byReference = url.searchParams.get('credential_offer_uri');
  if ((byValue === null) === (byReference === null)) {
    throw new OAuthError(
      'invalid_request',
      'the offer link must carry exactly one of credential_offer and credential_offer_uri',
    );
  }
  if (byReference !== null) assertFetchableUrl(byReference, allowInsecureUrls, 'credential_offer_uri');
  return offer;
}

/**
 * Receives what a credential offer offers (OID4VCI 1.0 §4, pre-authorized code flow §6.1):
 * resolves the offer (by value or by reference), the issuer's metadata, redeems the code with
 * the tx_code, and requests each offered credential with fresh holder keys. The result is
 * stored as a pending preview the person accepts or declines. For a passkey-protected account
 * the page makes the keys (`keys_needed`, then `holder_key_ids`) and signs the proofs (a
 * signing request); the preview is stored when it has.
 */
export async function receiveCredentialOffer(
  ctx: WalletContext,
  account: AccountRow,
  request: CredentialOfferRequest,
  options: { sessionBound: boolean },
): Promise<
  | { kind: 'received'; offerId: string; rows: HeldCredentialRow[] }
  | { kind: 'authorization_required'; authorizationUrl: string; credentialIssuer: string }
  | { kind: 'keys_needed'; keysNeeded: number; dpopKey: boolean }
  | { kind: 'signing_required'; signing: SigningRequestRow }
> {
  const link = normalizeOfferLink(request.offer, ctx.allowInsecureUrls);
  const signingKeys: SignerKey[] = [];
  const client = createIssuerClient(ctx, signingKeys);
  let offer: CredentialOfferObject;
  try {
    offer = await client.resolveCredentialOffer(link);
  } catch (error) {
    const e = toIssuerError(error, 'credential offer');
    if (e.code === 'temporarily_unavailable') {
      throw new OAuthError('invalid_request', 'the credential offer is malformed or could not be fetched', {
        cause: error,
      });
    }
    throw e;
  }
  assertFetchableUrl(offer.credential_issuer, ctx.allowInsecureUrls, 'credential_issuer');
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer).catch((e: unknown) => {
    throw toIssuerError(e, 'issuer metadata');
  });
  // Refuse what the wallet cannot keep before redeeming the one-time code.
  for (const id of offer.credential_configuration_ids) configurationOf(issuerMetadata, id);

  const grant = offer.grants?.[preAuthorizedCodeGrantIdentifier];
  const codeGrant = offer.grants?.[authorizationCodeGrantIdentifier];
  if (!grant && codeGrant) {
    // OID4VCI 1.0 §4.1.1: the person signs in at the issuer; the credentials arrive at
    // /oid4vci/callback. `issuer_state` ties the sign-in to this offer. A passkey-protected
    // account's page makes the keys first, as for a fetch from the holders screen.
    const fetch = {
      credentialIssuer: offer.credential_issuer,
      configurationIds: offer.credential_configuration_ids,
    };
    const keys = await pageKeysForFetch(ctx, account, {
      ...fetch,
      holderKeyIds: request.holder_key_ids,
      dpopKeyId: request.dpop_key_id,
    });
    if ('keysNeeded' in keys) return { kind: 'keys_needed', ...keys };
    const started = await startHolderFetch(ctx, account, {
      ...fetch,
      holderKeyIds: keys.keyIds,
      dpopKeyId: keys.dpopKeyId,
      returnTo: safeReturnTo(request.return_to),
      sessionBound: options.sessionBound,
      issuerState: codeGrant.issuer_state,
      authorizationServer: codeGrant.authorization_server,
    });
    return {
      kind: 'authorization_required',
      authorizationUrl: started.startUrl,
      credentialIssuer: offer.credential_issuer,
    };
  }
  if (!grant) throw new OAuthError('invalid_request', 'the offer has no grant this wallet can use');
  if (grant.tx_code && !request.tx_code) {
    throw new OAuthError(
      'invalid_request',
      'this offer needs the transaction code (tx_code) the issuer gave you',
      {
        extra: { tx_code_required: true, tx_code: grant.tx_code },
      },
    );
  }
  // A passkey-protected account's holder keys are made in the page (docs/passkeys.md): it asks
  // how many first, before the one-time code is redeemed.
  const inPage = account.keyProtection === 'passkey';
  if (!inPage && (request.holder_key_ids || request.dpop_key_id)) {
    throw new OAuthError('invalid_request', 'holder_key_ids: this account’s keys are service-held');
  }
  // The page's DPoP key too, when the issuer binds its token to one (docs/passkeys.md).
  const dpopInPage = inPage && issuerTakesDpop(issuerMetadata);
  if (inPage && !request.holder_key_ids) {
    return {
      kind: 'keys_needed',
      keysNeeded: keysNeeded(ctx, { issuerMetadata }, offer.credential_configuration_ids),
      dpopKey: dpopInPage,
    };
  }
  const pageKeys = inPage ? await loadPageKeys(ctx, account, request.holder_key_ids ?? []) : undefined;
  if (pageKeys && dpopInPage) {
    const dpopKey = await pageDpopKeyOf(ctx, account, request.dpop_key_id, pageKeys);
    // Nothing is redeemed before the page has signed the token request's DPoP proof.
    const signing = await startTokenInPage(ctx, account, {
      issuerMetadata,
      continuation: {
        version: 3,
        stage: 'token',
        credentialIssuer: offer.credential_issuer,
        offer,
        grant: {
          type: 'pre-authorized_code',
          ...(grant.tx_code && request.tx_code ? { txCode: request.tx_code } : {}),
        },
        configurationIds: offer.credential_configuration_ids,
        holderKeyIds: pageKeys.map((k) => k.id),
        dpop: { keyId: dpopKey.id },
      },
    });
    return { kind: 'signing_required', signing };
  }
  // HAIP: a DPoP-bound token when the issuer takes DPoP; the library answers use_dpop_nonce itself.
  const dpop = startDpop(issuerMetadata, signingKeys);
  const token = await client
    .retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer: offer,
      issuerMetadata,
      ...(grant.tx_code && request.tx_code ? { txCode: request.tx_code } : {}),
      ...(dpop ? { dpop: dpopOptions(dpop.key) } : {}),
    })
    .catch((e: unknown) => {
      throw toIssuerError(e, 'token request');
    });
  if (dpop) dpop.nonce = token.dpop?.nonce;
  const granted = {
    session: { client, issuerMetadata, signingKeys, dpop },
    accessToken: token.accessTokenResponse.access_token,
    authorizationDetails: token.accessTokenResponse.authorization_details,
    configurationIds: offer.credential_configuration_ids,
    cNonce:
      typeof token.accessTokenResponse.c_nonce === 'string' ? token.accessTokenResponse.c_nonce : undefined,
  };
  if (pageKeys) {
    const signing = await startIssuanceInPage(ctx, account, { ...granted, keys: pageKeys });
    return { kind: 'signing_required', signing };
  }
  const received = await requestCredentials(ctx, { ...granted, identityNumber: account.identityNumber });
  const stored = await storeReceived(ctx, account, {
    offerId: newOfferId(),
    credentialIssuer: offer.credential_issuer,
    received,
  });
  return { kind: 'received', ...stored };
}
