import type { Request } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';
import type { AccessTokenRow } from '../persistence/entities.js';
import { hashSecret } from '@min-profil/shared/secrets';

/** RFC 6750 §2.1 bearer token of this holder, unexpired. */
export async function requireAccessToken(
  ctx: IssuerContext,
  holder: HolderRuntime,
  req: Request,
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
  return token;
}
