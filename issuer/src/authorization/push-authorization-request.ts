import { randomUUID } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import type { RegisteredClient } from '../clients/registered-client.js';
import { readRequestedCredentials } from './read-requested-credentials.js';
import { zPushedAuthorizationRequest } from './z-authorization-request.js';

export const requestUriPrefix = 'urn:ietf:params:oauth:request_uri:';

export interface PushedAuthorizationResponse {
  request_uri: string;
  expires_in: number;
}

/**
 * RFC 9126 §2: checks a wallet's authorization request before any person sees it, stores it
 * and answers with a short-lived, single-use `request_uri`. Only a registered client with one
 * of its exact redirect URIs gets this far, so a code can only ever go to that wallet.
 */
export async function pushAuthorizationRequest(options: {
  ctx: Pick<IssuerContext, 'clients' | 'pushedRequests' | 'settings' | 'now'>;
  holder: HolderRuntime;
  body: unknown;
  /** Client authentication (wallet attestation), run once the client is known, before any other check. */
  authenticate: (client: RegisteredClient) => Promise<unknown>;
}): Promise<PushedAuthorizationResponse> {
  const { ctx, holder } = options;
  const params = parseWithSchema(zPushedAuthorizationRequest, options.body, {
    what: 'pushed authorization request',
  });
  // RFC 9126 §2.1: a pushed request must not itself point at another request.
  if (params.request_uri !== undefined) {
    throw new OAuthError('invalid_request', 'request_uri is not allowed in a pushed authorization request');
  }
  const client = await ctx.clients.findClient(params.client_id);
  // RFC 9126 §2.3 / RFC 6749 §5.2: an unknown client is invalid_client (401).
  if (!client) throw new OAuthError('invalid_client', 'client_id is not a registered wallet at this issuer');
  await options.authenticate(client);
  // RFC 9700 §4.1.3: exact string match against the registered redirect URIs.
  if (!client.redirectUris.includes(params.redirect_uri)) {
    throw new OAuthError('invalid_request', 'redirect_uri is not registered for this client');
  }
  if (params.response_type !== 'code')
    throw new OAuthError('unsupported_response_type', 'response_type must be "code"');
  // RFC 7636 §4.4.1 + RFC 9700 §2.1.1: PKCE with S256 only, no plain downgrade.
  if (!params.code_challenge)
    throw new OAuthError('invalid_request', 'code_challenge is required (PKCE S256)');
  if (params.code_challenge_method !== 'S256')
    throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
  const requested = readRequestedCredentials({
    holder: holder.definition,
    scope: params.scope,
    authorizationDetails: params.authorization_details,
  });

  const requestUri = `${requestUriPrefix}${randomToken()}`;
  const now = ctx.now();
  await ctx.pushedRequests.insert({
    id: randomUUID(),
    holderId: holder.definition.id,
    requestUriHash: hashSecret(requestUri),
    clientId: client.clientId,
    redirectUri: params.redirect_uri,
    codeChallenge: params.code_challenge,
    configurationIds: requested.configurationIds,
    scope: params.scope ?? null,
    authorizationDetails: requested.authorizationDetails,
    state: params.state ?? null,
    uiLocales: params.ui_locales ?? null,
    createdAt: now,
    expiresAt: now + ctx.settings.pushedRequestTtl,
    openedAt: null,
    consentTokenHash: null,
    decidedAt: null,
  });
  return { request_uri: requestUri, expires_in: ctx.settings.pushedRequestTtl };
}
