import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { formBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { exchangeAuthorizationCode } from './exchange-authorization-code.js';
import { exchangePreAuthorizedCode } from './exchange-pre-authorized-code.js';
import { exchangeRefreshToken } from '../refresh-token/exchange-refresh-token.js';
import { supportedGrantTypes, zTokenRequest } from './z-token-request.js';

export function tokenRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.post('/:holder/token', formBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new OAuthError('invalid_request', 'the token request must be application/x-www-form-urlencoded');
    }
    const grantType = (req.body as Record<string, unknown>)?.grant_type;
    if (typeof grantType !== 'string') throw new OAuthError('invalid_request', 'grant_type is required');
    if (!supportedGrantTypes.includes(grantType)) {
      throw new OAuthError(
        'unsupported_grant_type',
        `grant_type must be one of: ${supportedGrantTypes.join(', ')}`,
      );
    }
    const request = parseWithSchema(zTokenRequest, req.body, { what: 'token request' });
    const response =
      request.grant_type === 'authorization_code'
        ? await exchangeAuthorizationCode({ ctx, holder, request })
        : request.grant_type === 'refresh_token'
          ? await exchangeRefreshToken({ ctx, holder, request })
          : await exchangePreAuthorizedCode({ ctx, holder, request });
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(response);
  });
  return router;
}
