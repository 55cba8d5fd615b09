import type { Request } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';
import type { AccessTokenRow } from '../persistence/entities.js';
import { hashSecret } from '@min-profil/shared/secrets';
import { usageLogScope } from '../usage/usage-log-scope.js';

/**
 * RFC 6750 §2.1 bearer token of this holder, unexpired, for `grant`: the credential endpoints
 * take only tokens granted credentials, `/usage` only tokens granted `usage_log` (the two never
 * meet in one token; docs/authorization-server.md "Scopes").
 */
export async function requireAccessToken(
  ctx: IssuerContext,
  holder: HolderRuntime,
  req: Request,
  grant: 'credential' | 'usage_log' = 'credential',
): Promise<AccessTokenRow> {
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(req.get('authorization') ?? '');
  const challenge = (error: string) => ({ 'WWW-Authenticate': `Bearer error="${error}"` });
  if (!match) {
    throw new OAuthError('invalid_token', 'an access token is required (Authorization: Bearer …)', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  const token = await ctx.store.findAccessToken(hashSecret(match[1]));
  if (!token || token.holderId !== holder.definition.id) {
    throw new OAuthError('invalid_token', 'the access token is not known to this issuer', {
      headers: challenge('invalid_token'),
    });
  }
  if (token.expiresAt <= ctx.now()) {
    throw new OAuthError('invalid_token', 'the access token has expired', {
      headers: challenge('invalid_token'),
    });
  }
  const granted =
    grant === 'usage_log' ? (token.scopes ?? []).includes(usageLogScope) : token.configurationIds.length > 0;
  if (!granted) {
    // RFC 6750 §3.1: a valid token without the needed grant is insufficient_scope (403).
    throw new OAuthError(
      'insufficient_scope',
      grant === 'usage_log'
        ? 'the access token was not granted the usage_log scope'
        : 'the access token grants no credential: a usage_log token only reads the usage log',
      {
        headers: {
          'WWW-Authenticate': `Bearer error="insufficient_scope"${grant === 'usage_log' ? `, scope="${usageLogScope}"` : ''}`,
        },
      },
    );
  }
  return token;
}
