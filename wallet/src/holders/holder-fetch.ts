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
import { isOAuthError, OAuthError } from '@min-profil/shared/errors';
import { browserSafeUrl, describeUrlForLog } from '@min-profil/shared/net/browser-url';
import { randomToken } from '@min-profil/shared/secrets';
import type { WalletContext } from '../context.js';
import { toIssuerError } from '../credential-offer/issuer-errors.js';
import {
  configurationOf,
  createIssuerClient,
  requestCredentials,
  startDpop,
  type SignerKey,
} from '../credential-offer/receive-credentials.js';
import { dpopOptions } from '../crypto/dpop-key.js';
import { assertFetchableUrl } from '../http/safe-fetch.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';
import { loadPageKeys, startIssuanceInPage } from '../credential-offer/receive-in-page.js';
import { startTokenInPage } from '../credential-offer/page-token.js';
import { keepFetched } from './keep-fetched.js';
import { credentialRequestParameters } from './credential-request-parameters.js';
import { walletClientAuthentication } from '../attestation/wallet-attestation.js';
import type { AccountRow } from '../persistence/entities.js';
import { assertBrowserBound, createStartUrl } from './fetch-binding.js';
import type { PendingAuthorizationRequest } from './z-pending-authorization-request.js';
import { connectUsageLog } from '../usage/connect-usage-log.js';
import { signInAtOmbud } from '../ombud/sign-in-at-ombud.js';

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

/**
 * The browser is sent to the holder's authorization endpoint: one from the holder's metadata
 * must be a web address, never `javascript:` or a custom scheme.
 */
function browserSafeAuthorizationUrl(ctx: WalletContext, url: string, credentialIssuer: string): string {
  const safe = browserSafeUrl(url, { allowInsecureUrls: ctx.allowInsecureUrls });
  if (safe) return safe;
  ctx.logger.warn(
    { issuer: credentialIssuer, url: describeUrlForLog(url) },
    'holder authorization endpoint refused: not an https URL',
  );
  throw new OAuthError('invalid_request', "the holder's authorization endpoint is not an https URL", {
    status: 502,
  });
}

/**
 * Starts the authorization code flow with PKCE S256 at a holder (OID4VCI 1.0 §5.1, RFC 7636):
 * returns the one-time start URL to send the person to. Opening it binds the fetch to that
 * browser (fetch-binding.ts) and pushes the authorization request to the holder
 * (`pushHolderAuthorizationRequest`), which shows its consent page naming this wallet and then
 * the eID sign-in. The wallet is a registered client: its `oauthClientId` and redirect URI are
 * published at /.well-known/wallet-client and listed in the trust list.
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
    /** A sign-in for the holder's usage log (scope `usage_log`) rather than for credentials. */
    usageLog?: boolean;
    /** A sign-in at Mina ombud to manage powers of attorney (scope `mandates`). */
    mandates?: boolean;
    /** A passkey-protected account's page-made keys for the credentials (fetch-keys.ts). */
    holderKeyIds?: string[] | null;
    /** The page's DPoP key for the token, when the holder takes DPoP (fetch-keys.ts). */
    dpopKeyId?: string | null;
  },
): Promise<{ startUrl: string; state: string }> {
  assertFetchableUrl(options.credentialIssuer, ctx.allowInsecureUrls, 'credential_issuer');
  const client = createIssuerClient(ctx, []);
  const issuerMetadata = await client.resolveIssuerMetadata(options.credentialIssuer).catch((e: unknown) => {
    throw toIssuerError(e, 'issuer metadata');
  });
  for (const id of options.configurationIds) configurationOf(issuerMetadata, id);
  // Refused now rather than when the person opens the start link: the endpoint the browser
  // will be sent to must be a web address (checked again on the pushed URL).
  const server = getAuthorizationServerMetadataFromList(
    issuerMetadata.authorizationServers,
    determineAuthorizationServerForCredentialOffer({
      issuerMetadata,
      grantAuthorizationServer: options.authorizationServer,
    }),
  );
  browserSafeAuthorizationUrl(ctx, server.authorization_endpoint ?? '', options.credentialIssuer);
  const state = randomToken();
  await ctx.store.insertHolderAuthorization({
    state,
    accountId: account.id,
    credentialIssuer: options.credentialIssuer,
    configurationIds: options.configurationIds,
    // RFC 7636 §4.1: 32 random octets, base64url (43 characters).
    codeVerifier: randomToken(),
    returnTo: options.returnTo,
    sessionBound: options.sessionBound ? 1 : 0,
    browserBinding: null,
    expiresAt: ctx.now() + ctx.settings.holderAuthorizationTtl,
    purpose: options.usageLog ? 'usage_log' : options.mandates ? 'mandates' : null,
    holderKeyIds: options.holderKeyIds ?? null,
    dpopKeyId: options.dpopKeyId ?? null,
  });
  const startUrl = await createStartUrl(ctx, {
    state,
    request: {
      credentialIssuer: options.credentialIssuer,
      configurationIds: options.configurationIds,
      state,
      issuerState: options.issuerState,
      authorizationServer: options.authorizationServer,
      ...(options.usageLog ? { usageLog: true } : {}),
      ...(options.mandates ? { mandates: true } : {}),
    },
  });
  return { startUrl, state };
}

/**
 * Pushes a started fetch's authorization request to the holder when the person opens the start
 * link, so the holder's short-lived `request_uri` (RFC 9126 §2.2) is fresh when the browser
 * arrives; returns the holder URL to send the browser to. When the holder's metadata names a
 * `pushed_authorization_request_endpoint` (ours require it), Oauth2Client pushes the request
 * there itself and the URL carries only `client_id` and `request_uri`.
 */
export async function pushHolderAuthorizationRequest(
  ctx: WalletContext,
  request: PendingAuthorizationRequest,
): Promise<string> {
  const started = await ctx.store.findHolderAuthorization(request.state);
  if (!started)
    throw new OAuthError('invalid_request', 'this fetch is unknown, finished or expired; start again');
  const client = createIssuerClient(ctx, []);
  const issuerMetadata = await client.resolveIssuerMetadata(request.credentialIssuer).catch((e: unknown) => {
    throw toIssuerError(e, 'issuer metadata');
  });
  // Through Oauth2Client directly: the offer-shaped helper of 0.4.6 drops `state`.
  const authorizationServer = determineAuthorizationServerForCredentialOffer({
    issuerMetadata,
    grantAuthorizationServer: request.authorizationServer,
  });
  // With a provider certificate the wallet attests itself at PAR (wallet attestation, HAIP).
  const signingKeys: SignerKey[] = [];
  const oauth2 = new Oauth2Client({
    callbacks: createClientCallbacks({
      fetch: ctx.fetch,
      clientId: ctx.settings.oauthClientId,
      signingKeys,
      clientAuthentication: await walletClientAuthentication(ctx, signingKeys),
    }),
  });
  // A usage-log or mandates sign-in asks for that scope alone: a token never carries both
  // (issuer's rule).
  const asked: ReturnType<typeof credentialRequestParameters> = request.usageLog
    ? { scope: 'usage_log' }
    : request.mandates
      ? { scope: 'mandates' }
      : credentialRequestParameters(request.configurationIds, issuerMetadata);
  const pushed = await oauth2
    .createAuthorizationRequestUrl({
      authorizationServerMetadata: getAuthorizationServerMetadataFromList(
        issuerMetadata.authorizationServers,
        authorizationServer,
      ),
      clientId: ctx.settings.oauthClientId,
      redirectUri: oid4vciRedirectUri(ctx),
      state: request.state,
      resource: request.credentialIssuer,
      pkceCodeVerifier: started.codeVerifier,
      // The library writes `scope` from its own option (a payload one would be dropped).
      ...(asked.scope !== undefined ? { scope: asked.scope } : {}),
      additionalRequestPayload: {
        ...(asked.authorization_details ? { authorization_details: asked.authorization_details } : {}),
        ...(request.issuerState ? { issuer_state: request.issuerState } : {}),
      },
    })
    .catch((e: unknown) => {
      throw toIssuerError(e, 'authorization request');
    });
  if (!pushed.pkce) throw new OAuthError('invalid_request', 'the holder does not support PKCE S256');
  return browserSafeAuthorizationUrl(ctx, pushed.authorizationRequestUrl, request.credentialIssuer);
}

/**
 * The holder sent the person back: redeem the code with the PKCE verifier, request the
 * credential with fresh holder keys, verify and keep it (keep-fetched.ts). When the page made
 * the keys (a passkey-protected account), the answer is instead a signing request of kind
 * `issuance` for the page to complete: nothing is requested before it has signed.
 */
export async function completeHolderFetch(
  ctx: WalletContext,
  params: URLSearchParams,
  /** The account of the browser session the callback arrived with, if any. */
  sessionAccountId: string | undefined,
  /** The secret of the fetch's cookie the callback arrived with, if any. */
  browserSecret: string | undefined,
): Promise<{ offerId?: string; signingRequestId?: string; connected?: true; returnTo: string }> {
  const state = params.get('state');
  const started = state ? await ctx.store.takeHolderAuthorization(state, ctx.now()) : null;
  if (!started)
    throw new OAuthError('invalid_request', 'this fetch is unknown, finished or expired; start again');
  assertBrowserBound(started, browserSecret);
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
  try {
    const signingKeys: SignerKey[] = [];
    // A fresh attestation for the token request (the instance key need not be PAR's).
    const client = createIssuerClient(ctx, signingKeys, await walletClientAuthentication(ctx, signingKeys));
    const issuerMetadata: IssuerMetadataResult = await client
      .resolveIssuerMetadata(started.credentialIssuer)
      .catch((e: unknown) => {
        throw toIssuerError(e, 'issuer metadata');
      });
    // RFC 9207 §2.4: when the holder names itself, it must be the server we sent the person to;
    // a server that says it always names itself (§3) must have done so: a response without `iss`
    // then did not come from it (mix-up), rather than passing unchecked.
    const iss = params.get('iss');
    const servers = issuerMetadata.authorizationServers;
    const issPromised = servers.some((s) => s.authorization_response_iss_parameter_supported === true);
    if (iss === null ? issPromised : !servers.some((s) => s.issuer === iss)) {
      throw new OAuthError(
        'invalid_request',
        iss === null
          ? 'the authorization response does not name its server (iss), which the holder promises to'
          : 'the authorization response comes from another server',
      );
    }
    if (started.purpose === 'usage_log') {
      await connectUsageLog(ctx, account, started, code);
      return { connected: true, returnTo: started.returnTo };
    }
    if (started.purpose === 'mandates') {
      await signInAtOmbud(ctx, account, started, code);
      return { connected: true, returnTo: started.returnTo };
    }
    const offer = walletInitiatedOffer(started.credentialIssuer, started.configurationIds);
    if (started.holderKeyIds && started.dpopKeyId) {
      // The page made the keys and the DPoP key before it left for the holder: the code is
      // redeemed only with the token request's proof the page signs now that the person is back
      // (docs/passkeys.md, "DPoP in the page"), then it signs the credential requests.
      const signing = await startTokenInPage(ctx, account, {
        issuerMetadata,
        continuation: {
          version: 3,
          stage: 'token',
          credentialIssuer: started.credentialIssuer,
          offer,
          grant: {
            type: 'authorization_code',
            code,
            codeVerifier: started.codeVerifier,
            redirectUri: oid4vciRedirectUri(ctx),
          },
          configurationIds: started.configurationIds,
          holderKeyIds: started.holderKeyIds,
          clientIdInProof: ctx.settings.oauthClientId,
          dpop: { keyId: started.dpopKeyId },
          holderFetch: true,
        },
      });
      return { signingRequestId: signing.id, returnTo: started.returnTo };
    }
    // HAIP: a DPoP-bound token when the holder takes DPoP; the library answers use_dpop_nonce itself.
    // (A fetch the page started without a DPoP key: a holder without DPoP, or started before
    // DPoP moved to the page, whose token's DPoP key is still the service's.)
    const dpop = startDpop(issuerMetadata, signingKeys);
    const token = await client
      .retrieveAuthorizationCodeAccessTokenFromOffer({
        credentialOffer: offer,
        issuerMetadata,
        authorizationCode: code,
        pkceCodeVerifier: started.codeVerifier,
        redirectUri: oid4vciRedirectUri(ctx),
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
      configurationIds: started.configurationIds,
      clientIdInProof: ctx.settings.oauthClientId,
    };
    if (started.holderKeyIds) {
      const keys = await loadPageKeys(ctx, account, started.holderKeyIds);
      const signing = await startIssuanceInPage(ctx, account, {
        ...granted,
        cNonce:
          typeof token.accessTokenResponse.c_nonce === 'string'
            ? token.accessTokenResponse.c_nonce
            : undefined,
        keys,
        ...(dpop ? { serviceDpop: dpop } : {}),
        holderFetch: true,
      });
      return { signingRequestId: signing.id, returnTo: started.returnTo };
    }
    const received = await requestCredentials(ctx, { ...granted, identityNumber: account.identityNumber });
    const { offerId } = await keepFetched(ctx, account, started.credentialIssuer, received);
    return { offerId, returnTo: started.returnTo };
  } catch (error) {
    // Whatever the holder answered, the person goes back to where the fetch started (the
    // consent screen that needed the credential, say), where the answer is put in words.
    if (isOAuthError(error) && error.extra.return_to === undefined) error.extra.return_to = started.returnTo;
    throw error;
  }
}
