import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { formBody } from '@min-profil/shared/http';
import { hashSecret } from '@min-profil/shared/secrets';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { AccessTokenEntity } from '../persistence/entities.js';
import { zRevocationRequest } from './z-revocation-request.js';

/**
 * RFC 7009 `POST /{holder}/revoke`: the wallet gives up a token (the person closes the account
 * or removes the holder). A refresh token revokes its whole sign-in; an access token is deleted.
 * The answer is 200 whether or not the token was known, or another client's (§2.2): it tells
 * a caller nothing about tokens it does not hold.
 */
export function revocationRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.post('/:holder/revoke', formBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new OAuthError(
        'invalid_request',
        'the revocation request must be application/x-www-form-urlencoded',
      );
    }
    const request = parseWithSchema(zRevocationRequest, req.body, { what: 'revocation request' });
    const tokenHash = hashSecret(request.token);
    const refresh = await ctx.refreshTokens.find(tokenHash);
    if (refresh && refresh.holderId === holder.definition.id && refresh.clientId === request.client_id) {
      await ctx.refreshTokens.revokeFamily(refresh.familyId, ctx.now());
    }
    await ctx.db.dataSource
      .getRepository(AccessTokenEntity)
      .delete({ tokenHash, holderId: holder.definition.id, clientId: request.client_id });
    res.set('Cache-Control', 'no-store').status(200).end();
  });
  return router;
}
