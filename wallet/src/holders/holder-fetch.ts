import {
  Oauth2Client,
  authorizationCodeGrantIdentifier,
  getAuthorizationServerMetadataFromList,
} from '@openid4vc/oauth2';
import {
  determineAuthorizationServerForCredentialOffer,
  type CredentialOfferObject,
  type IssuerMetadataResult,
} from '@openid4vc/openid4vci';
import { OAuthError } from '@min-profil/shared/errors';
import { browserSafeUrl, describeUrlForLog } from '@min-profil/shared/net/browser-url';
import type { SigningKey } from '@min-profil/shared/kms';
import type { WalletContext } from '../context.js';
import { toIssuerError } from '../credential-offer/issuer-errors.js';
import {
  configurationOf,
  createIssuerClient,
  newOfferId,
  requestCredentials,
} from '../credential-offer/receive-credentials.js';
import { storeReceived } from '../credential-offer/store-received.js';
import type { CredentialDisplay } from '../credentials/credential-display.js';
import { openSealed, readClaims } from '../credentials/describe-credential.js';
import { assertFetchableUrl } from '../http/safe-fetch.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';
import { recordEvent } from '../log/record-event.js';
import type { AccountRow } from '../persistence/entities.js';
import { randomToken } from '../tokens/create-personal-token.js';

export function oid4vciRedirectUri(ctx: WalletContext): string {
  return `${ctx.baseUrl}/oid4vci/callback`;
}

/** The wallet-initiated flow has no offer; this stands in for one (OID4VCI 1.0 §5). */
function walletInitiatedOffer(credentialIssuer: string, configurationIds: string[]): CredentialOfferObject {
  return {
    credential_issuer: credentialIssuer,
    credential_configuration_ids: configurationIds,
    grants: { [authorizationCodeGrantIdentifier]: {} },
  } as CredentialOfferObject;
}

function authorizationDetails(configurationIds: string[]) {
  return configurationIds.map((id) => ({ type: 'openid_credential', credential_configuration_id: id }));
}

/**
 * Starts the authorization code flow with PKCE S256 at a holder (OID4VCI 1.0 §5.1, RFC 7636):
 * returns the URL to send the person to (they sign in there with eID).
 */
export async function startHolderFetch(
  ctx: WalletContext,
  account: AccountRow,
  options: {
    credentialIssuer: string;
    configurationIds: string[];
    returnTo: string;
    sessionBound: boolean;
    /** From an issuer's offer with the authorization_code grant (OID4VCI 1.0 §4.1.1). */
    issuerState?: string;
    authorizationServer?: string;
  },
): Promise<{ authorizationUrl: string; state: string }> {
  assertFetchableUrl(options.credentialIssuer, ctx.allowInsecureUrls, 'credential_issuer');
  const client = createIssuerClient(ctx, []);
  const issuerMetadata = await client.resolveIssuerMetadata(options.credentialIssuer).catch((e: unknown) => {
    throw toIssuerError(e, 'issuer metadata');
  });
  for (const id of options.configurationIds) configurationOf(issuerMetadata, id);
  const state = randomToken();
  // Through Oauth2Client directly: the offer-shaped helper of 0.4.6 drops `state`.
  const authorizationServer = determineAuthorizationServerForCredentialOffer({
    issuerMetadata,
    grantAuthorizationServer: options.authorizationServer,
  });
  const oauth2 = new Oauth2Client({
    callbacks: createClientCallbacks({ fetch: ctx.fetch, clientId: ctx.settings.oauthClientId }),
  });
  const started = await oauth2
    .createAuthorizationRequestUrl({
      authorizationServerMetadata: getAuthorizationServerMetadataFromList(
        issuerMetadata.authorizationServers,
        authorizationServer,
      ),
      clientId: ctx.settings.oauthClientId,
      redirectUri: oid4vciRedirectUri(ctx),
      state,
      resource: options.credentialIssuer,
      additionalRequestPayload: {
        authorization_details: authorizationDetails(options.configurationIds),
        ...(options.issuerState ? { issuer_state: options.issuerState } : {}),
      },
    })
    .catch((e: unknown) => {
      throw toIssuerError(e, 'authorization request');
    });
  if (!started.pkce) throw new OAuthError('invalid_request', 'the holder does not support PKCE S256');
  // The browser is sent there: an authorization endpoint from the holder's metadata must be a
  // web address, never `javascript:` or a custom scheme.
  const authorizationUrl = browserSafeUrl(started.authorizationRequestUrl, {
    allowInsecureUrls: ctx.allowInsecureUrls,
  });
  if (!authorizationUrl) {
    ctx.logger.warn(
      { issuer: options.credentialIssuer, url: describeUrlForLog(started.authorizationRequestUrl) },
      'holder authorization endpoint refused: not an https URL',
    );
    throw new OAuthError('invalid_request', "the holder's authorization endpoint is not an https URL", {
      status: 502,
    });
  }
  await ctx.store.insertHolderAuthorization({
    state,
    accountId: account.id,
    credentialIssuer: options.credentialIssuer,
    configurationIds: options.configurationIds,
    codeVerifier: started.pkce.codeVerifier,
    returnTo: options.returnTo,
    sessionBound: options.sessionBound ? 1 : 0,
    expiresAt: ctx.now() + ctx.settings.holderAuthorizationTtl,
  });
  return { authorizationUrl, state };
}

/**
 * The holder sent the person back: redeem the code with the PKCE verifier, request the
 * credential with fresh holder keys, verify and store it. The person chose this credential at
 * this holder themselves, so it is kept at once (and logged).
 */
export async function completeHolderFetch(
  ctx: WalletContext,
  params: URLSearchParams,
  /** The account of the browser session the callback arrived with, if any. */
  sessionAccountId: string | undefined,
): Promise<{ offerId: string; returnTo: string }> {
  const state = params.get('state');
  const started = state ? await ctx.store.takeHolderAuthorization(state, ctx.now()) : null;
  if (!started)
    throw new OAuthError('invalid_request', 'this fetch is unknown, finished or expired; start again');
  // A fetch started in a browser must finish in that browser's session: someone else's
  // callback URL cannot put their sign-in's credential into this wallet, nor this person's
  // into theirs (authorization request forgery).
  if (started.sessionBound === 1 && sessionAccountId !== started.accountId) {
    throw new OAuthError(
      'invalid_request',
      'this fetch was started in another browser session; start again',
      {
        extra: { return_to: started.returnTo },
      },
    );
  }
  const account = await ctx.store.findAccount(started.accountId);
  if (!account) throw new OAuthError('invalid_request', 'the wallet account is gone');
  const error = params.get('error');
  if (error) {
    throw new OAuthError(
      'access_denied',
      `the holder answered ${error.replace(/[^a-z0-9_]/gi, '').slice(0, 60)}`,
      {
        extra: { return_to: started.returnTo },
      },
    );
  }
  const code = params.get('code');
  if (!code) throw new OAuthError('invalid_request', 'the holder sent no authorization code');

  const signingKeys: SigningKey[] = [];
  const client = createIssuerClient(ctx, signingKeys);
  const issuerMetadata: IssuerMetadataResult = await client
    .resolveIssuerMetadata(started.credentialIssuer)
    .catch((e: unknown) => {
      throw toIssuerError(e, 'issuer metadata');
    });
  // RFC 9207 §2.4: when the holder names itself, it must be the server we sent the person to.
  const iss = params.get('iss');
  const servers = issuerMetadata.authorizationServers.map((s) => s.issuer);
  if (iss !== null && !servers.includes(iss)) {
    throw new OAuthError('invalid_request', 'the authorization response comes from another server');
  }
  const offer = walletInitiatedOffer(started.credentialIssuer, started.configurationIds);
  const token = await client
    .retrieveAuthorizationCodeAccessTokenFromOffer({
      credentialOffer: offer,
      issuerMetadata,
      authorizationCode: code,
      pkceCodeVerifier: started.codeVerifier,
      redirectUri: oid4vciRedirectUri(ctx),
    })
    .catch((e: unknown) => {
      throw toIssuerError(e, 'token request');
    });
  const received = await requestCredentials(ctx, {
    session: { client, issuerMetadata, signingKeys },
    accessToken: token.accessTokenResponse.access_token,
    configurationIds: started.configurationIds,
    clientIdInProof: ctx.settings.oauthClientId,
    identityNumber: account.identityNumber,
  });
  const { offerId, rows } = await storeReceived(ctx, account, {
    offerId: newOfferId(),
    credentialIssuer: started.credentialIssuer,
    received,
    state: 'stored',
  });
  for (const row of rows.filter((r) => r.state === 'stored')) {
    const sealed = openSealed(ctx, account, row);
    await recordEvent(ctx, {
      accountId: account.id,
      event: 'issuance',
      counterparty: row.credentialIssuer,
      counterpartyName: (row.display as unknown as CredentialDisplay).issuer_name,
      credentialTypes: [row.vct ?? row.configurationId],
      claims: sealed.copies[0] ? readClaims(sealed.copies[0].compact).map((c) => c.name) : [],
      outcome: 'stored',
    });
  }
  return { offerId, returnTo: started.returnTo };
}
