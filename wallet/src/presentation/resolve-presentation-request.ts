import { Openid4vpClient, type ResolvedOpenid4vpAuthorizationRequest } from '@openid4vc/openid4vp';
import { Oauth2ServerErrorResponseError } from '@openid4vc/oauth2';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';
import { FetchFailure, assertFetchableUrl } from '../http/safe-fetch.js';
import type { AccountRow, PresentationRequestRow } from '../persistence/entities.js';
import type { StoredPresentationRequest } from './z-stored-presentation-request.js';
import { resolveRequestObject } from './resolve-request-object.js';
import { acceptPresentationRequest } from './accept-presentation-request.js';
import { createRequestObjectVerifier } from './verify-request-signature.js';

export type { StoredPresentationRequest };

export function createVpClient(ctx: WalletContext): Openid4vpClient {
  const base = createClientCallbacks({ fetch: ctx.fetch, clientId: ctx.settings.oauthClientId });
  return new Openid4vpClient({
    callbacks: {
      ...base,
      verifyJwt: createRequestObjectVerifier(ctx),
      decryptJwe: async () => ({ decrypted: false }),
      encryptJwe: async () => {
        throw new OAuthError('server_error', 'encryption is done by the wallet itself');
      },
    },
  });
}

function describeLibraryError(error: unknown): string {
  if (error instanceof Oauth2ServerErrorResponseError) {
    return (error.errorResponse.error_description ?? error.errorResponse.error).slice(0, 300);
  }
  if (error instanceof FetchFailure) return error.message;
  return ((error as Error)?.message ?? 'unknown error').split('\n')[0]!.slice(0, 300);
}

/**
 * Fetches and checks an OpenID4VP 1.0 request: the request object by `request_uri` and its
 * signature (§5.10, JAR), the client identifier prefix (§5.9: `decentralized_identifier` must be
 * signed by that DID; `redirect_uri` is read unsigned and flagged unverified, and then shown but
 * not answered, see refuse-unidentified-requester.ts; any other prefix is refused), the response
 * mode and the DCQL query (§6). Stores it for the answer.
 */
export async function resolvePresentationRequest(
  ctx: WalletContext,
  account: AccountRow,
  link: string,
): Promise<PresentationRequestRow> {
  const client = createVpClient(ctx);
  let parsed;
  try {
    parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: link });
  } catch (error) {
    throw new OAuthError('invalid_request', `the request link is malformed: ${describeLibraryError(error)}`);
  }
  if (parsed.type === 'openid4vp_dc_api') {
    throw new OAuthError(
      'invalid_request',
      'Digital Credentials API requests are not answered over a link: they come with the origin of the page that asks, through POST /api/dc-api/requests',
    );
  }
  const params = parsed.params as Record<string, unknown>;
  if (typeof params.request_uri === 'string')
    assertFetchableUrl(params.request_uri, ctx.allowInsecureUrls, 'request_uri');

  let payload: Record<string, unknown>;
  let clientInfo: { prefix: string; identifier: string; effective: string };
  let verified: boolean;
  if (typeof params.request_uri === 'string' || typeof params.request === 'string') {
    const resolvedObject = await resolveRequestObject(ctx, params).catch((error: unknown) => {
      if (error instanceof OAuthError) throw error;
      throw new OAuthError(
        'invalid_request',
        `the request could not be accepted: ${describeLibraryError(error)}`,
      );
    });
    payload = resolvedObject.payload;
    clientInfo = resolvedObject.client;
    verified = true;
  } else {
    // Unsigned, by value: only the redirect_uri prefix (§5.9.3), shown as unverified and, unless
    // WALLET_ALLOW_UNSIGNED_REQUESTS=1, not answered.
    let resolved: ResolvedOpenid4vpAuthorizationRequest;
    try {
      resolved = await client.resolveOpenId4vpAuthorizationRequest({
        authorizationRequestPayload: parsed.params as never,
      });
    } catch (error) {
      throw new OAuthError(
        'invalid_request',
        `the request could not be accepted: ${describeLibraryError(error)}`,
        {
          cause: error,
        },
      );
    }
    if (resolved.client.prefix !== 'redirect_uri') {
      throw new OAuthError(
        'invalid_request',
        `the client identifier prefix "${resolved.client.prefix}" is not supported by this wallet (or needs a signed request)`,
      );
    }
    payload = resolved.authorizationRequestPayload as Record<string, unknown>;
    clientInfo = {
      prefix: 'redirect_uri',
      identifier: resolved.client.identifier,
      effective: resolved.client.effective,
    };
    verified = false;
  }
  if (payload.response_type !== 'vp_token') {
    throw new OAuthError('invalid_request', 'only response_type=vp_token requests are answered');
  }
  const responseMode = payload.response_mode;
  if (responseMode !== 'direct_post' && responseMode !== 'direct_post.jwt') {
    throw new OAuthError(
      'invalid_request',
      'the wallet answers with response_mode direct_post or direct_post.jwt only',
    );
  }
  // §8.2: with direct_post the answer goes to response_uri; a redirect_uri beside it is refused.
  if (payload.redirect_uri !== undefined) {
    throw new OAuthError(
      'invalid_request',
      `a request with response_mode ${responseMode} must not carry redirect_uri (OpenID4VP 1.0 section 8.2)`,
    );
  }
  if (typeof payload.response_uri !== 'string')
    throw new OAuthError('invalid_request', 'the request has no response_uri');
  assertFetchableUrl(payload.response_uri, ctx.allowInsecureUrls, 'response_uri');
  return acceptPresentationRequest(ctx, account, {
    payload,
    client: clientInfo,
    verified,
    responseMode,
    responseUri: payload.response_uri,
  });
}
