import { randomUUID } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { endpointsFor } from '../metadata/endpoints.js';
import type { PushedRequestRow } from '../persistence/pushed-request-entity.js';
import { newBrowserBinding } from './eid-browser-binding.js';
import type { EidClient } from '@min-profil/shared/oidc-rp/eid-client';

/**
 * An error to send back to the registered redirect_uri (RFC 6749 §4.1.2.1). Only thrown once
 * the client and its redirect URI are known good, i.e. from a stored pushed request.
 */
export class RedirectableError extends OAuthError {
  constructor(
    readonly redirectUri: string,
    readonly state: string | undefined,
    error: OAuthError,
  ) {
    super(error.code, error.message);
  }
}

/**
 * The person pressed Fortsätt on the consent page: start their eID sign-in for the pushed
 * request, keeping what the code will be bound to (client, redirect URI, PKCE challenge) and
 * the hash of a secret for this browser's cookie (the callback must come back with it).
 */
export async function startEidSignIn(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  request: PushedRequestRow;
  eid: EidClient;
}): Promise<{ url: string; eidState: string; browserSecret: string }> {
  const { ctx, holder, request } = options;
  const eidRequest = await options.eid.startSignIn({
    redirectUri: endpointsFor(holder.issuerUrl).eidCallback,
  });
  const binding = newBrowserBinding();
  const now = ctx.now();
  await ctx.store.insertAuthorizationRequest({
    id: randomUUID(),
    holderId: holder.definition.id,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    configurationIds: request.configurationIds,
    scope: request.scope,
    authorizationDetails: request.authorizationDetails,
    state: request.state,
    eidState: eidRequest.state,
    eidNonce: eidRequest.nonce,
    eidCodeVerifier: eidRequest.codeVerifier,
    browserBinding: binding.hash,
    identityNumber: null,
    codeHash: null,
    createdAt: now,
    expiresAt: now + ctx.settings.authorizationRequestTtl,
    usedAt: null,
  });
  return { url: eidRequest.url, eidState: eidRequest.state, browserSecret: binding.secret };
}
