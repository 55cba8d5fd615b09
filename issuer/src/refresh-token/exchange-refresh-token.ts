import type { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { hashSecret } from '@min-profil/shared/secrets';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { createAccessToken, type TokenResponse } from '../token/create-access-token.js';
import type { zRefreshTokenRequest } from '../token/z-token-request.js';
import { issueRefreshToken } from './issue-refresh-token.js';

const replayed = 'the refresh token has already been used: every token of this sign-in is now revoked';

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): a refresh token is used once and answered with
 * a new access token and a new refresh token of the same family; presenting a used one again
 * (a stolen copy, or the wallet's own replay) revokes the whole family. Only `usage_log`
 * grants have refresh tokens; the new access token carries exactly the scopes of the sign-in.
 */
export async function exchangeRefreshToken(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  request: z.infer<typeof zRefreshTokenRequest>;
  /** Thumbprint of the request's verified DPoP key, or null. */
  dpopJkt: string | null;
}): Promise<TokenResponse> {
  const { ctx, holder, request } = options;
  const now = ctx.now();
  const tokenHash = hashSecret(request.refresh_token);
  const row = await ctx.refreshTokens.find(tokenHash);
  if (!row || row.holderId !== holder.definition.id) {
    throw new OAuthError('invalid_grant', 'the refresh token is not known to this issuer');
  }
  // RFC 6749 §6: a public client names itself, and only the client it was issued to may use it.
  if (request.client_id === undefined) {
    throw new OAuthError('invalid_request', 'client_id is required with the refresh_token grant');
  }
  if (request.client_id !== row.clientId) {
    throw new OAuthError('invalid_grant', 'the refresh token was issued to another client');
  }
  // RFC 9449 §5: a refresh token issued to a public client with DPoP is bound to that key.
  if (row.dpopJkt !== null && row.dpopJkt !== options.dpopJkt) {
    throw new OAuthError('invalid_grant', 'the refresh token is bound to another DPoP key');
  }
  if (row.revokedAt !== null) throw new OAuthError('invalid_grant', 'the refresh token has been revoked');
  if (row.usedAt !== null) {
    await ctx.refreshTokens.revokeFamily(row.familyId, now);
    throw new OAuthError('invalid_grant', replayed);
  }
  if (row.expiresAt <= now) {
    throw new OAuthError('invalid_grant', 'the refresh token has expired: the person signs in again');
  }
  // RFC 6749 §6: scope may narrow what was granted, never widen it.
  if (request.scope !== undefined && request.scope.split(' ').some((s) => !row.scopes.includes(s))) {
    throw new OAuthError('invalid_scope', 'scope may only name scopes granted at sign-in');
  }
  const response = await ctx.db.transaction(async (manager) => {
    if (!(await ctx.refreshTokens.use(tokenHash, now, manager))) return null;
    const access = await createAccessToken({
      ctx,
      manager,
      holderId: row.holderId,
      identityNumber: row.identityNumber,
      configurationIds: [],
      clientId: row.clientId,
      scopes: row.scopes,
      dpopJkt: options.dpopJkt,
    });
    const refresh = await issueRefreshToken({
      ctx,
      manager,
      holderId: row.holderId,
      identityNumber: row.identityNumber,
      scopes: row.scopes,
      clientId: row.clientId,
      dpopJkt: row.dpopJkt,
      family: { id: row.familyId, expiresAt: row.expiresAt },
    });
    return { ...access, refresh_token: refresh };
  });
  if (!response) {
    // Another request used it a moment ago: the same replay, raced.
    await ctx.refreshTokens.revokeFamily(row.familyId, now);
    throw new OAuthError('invalid_grant', replayed);
  }
  return response;
}
