import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { hashSecret, safeEqual } from '@min-profil/shared/secrets';
import { createAccessToken, type TokenResponse } from './create-access-token.js';
import { issueRefreshToken } from '../refresh-token/issue-refresh-token.js';
import { grantedScopes, usageLogScope } from '../usage/usage-log-scope.js';
import { credentialAuthorizationDetails } from './credential-identifiers.js';
import type { zAuthorizationCodeTokenRequest } from './z-token-request.js';

/** RFC 6749 §4.1.3 with PKCE S256 (RFC 7636 §4.6): the code is redeemed once, by its client. */
export async function exchangeAuthorizationCode(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  /** Thumbprint of the request's verified DPoP key, or null (a bearer token). */
  dpopJkt: string | null;
  request: z.infer<typeof zAuthorizationCodeTokenRequest>;
}): Promise<TokenResponse> {
  const { ctx, holder, request } = options;
  const now = ctx.now();
  const authorization = await ctx.store.findAuthorizationRequestByCodeHash(hashSecret(request.code));
  if (!authorization || authorization.holderId !== holder.definition.id || !authorization.identityNumber) {
    throw new OAuthError('invalid_grant', 'the authorization code is not known to this issuer');
  }
  if (authorization.usedAt !== null)
    throw new OAuthError('invalid_grant', 'the authorization code has already been used');
  if (authorization.expiresAt <= now)
    throw new OAuthError('invalid_grant', 'the authorization code has expired');
  // RFC 6749 §4.1.3: a public client names itself, and only the client the code was issued to
  // (a registered wallet, checked at the PAR endpoint) may redeem it.
  if (request.client_id === undefined) {
    throw new OAuthError('invalid_request', 'client_id is required with the authorization_code grant');
  }
  if (request.client_id !== authorization.clientId) {
    throw new OAuthError('invalid_grant', 'the authorization code was issued to another client');
  }
  // RFC 6749 §4.1.3: redirect_uri must be identical when it was in the authorization request.
  if (request.redirect_uri !== authorization.redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
  }
  if (!request.code_verifier) throw new OAuthError('invalid_grant', 'code_verifier is required (PKCE)');
  const challenge = createHash('sha256').update(request.code_verifier).digest('base64url');
  if (!safeEqual(challenge, authorization.codeChallenge)) {
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
  }

  const identityNumber = authorization.identityNumber;
  const details = await credentialAuthorizationDetails({
    ctx,
    holder,
    identityNumber,
    configurationIds: authorization.configurationIds,
    requested: authorization.authorizationDetails
      ? (JSON.parse(authorization.authorizationDetails) as Array<Record<string, unknown>>)
      : undefined,
  });
  return ctx.db.transaction(async (manager) => {
    if (!(await ctx.store.consumeAuthorizationCode(authorization.id, now, manager))) {
      throw new OAuthError('invalid_grant', 'the authorization code has already been used');
    }
    const scopes = grantedScopes(authorization.scope);
    const response = await createAccessToken({
      ctx,
      manager,
      holderId: holder.definition.id,
      identityNumber,
      configurationIds: authorization.configurationIds,
      clientId: authorization.clientId,
      dpopJkt: options.dpopJkt,
      scopes,
      authorizationDetails: details,
    });
    // The usage log stays readable without a new sign-in (rotated refresh tokens, 30 days);
    // giving powers of attorney (mandates) always takes a fresh sign-in: no refresh token.
    if (!scopes.includes(usageLogScope)) return response;
    const refresh = await issueRefreshToken({
      ctx,
      manager,
      holderId: holder.definition.id,
      identityNumber,
      scopes,
      clientId: authorization.clientId,
      dpopJkt: options.dpopJkt,
    });
    return { ...response, refresh_token: refresh };
  });
}
