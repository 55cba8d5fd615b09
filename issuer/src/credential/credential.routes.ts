import { Router } from 'express';
import { jsonBody } from '@min-profil/shared/http';
import { OAuthError } from '@min-profil/shared/errors';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { requireAccessToken } from '../http/require-access-token.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { handleCredentialRequest } from './handle-credential-request.js';
import { zCredentialRequest } from './z-credential-request.js';

export function credentialRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.post('/:holder/credential', jsonBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const token = await requireAccessToken(ctx, holder, req);
    if (!req.is('application/json')) {
      throw new OAuthError('invalid_credential_request', 'the credential request must be application/json');
    }
    const request = parseWithSchema(zCredentialRequest, req.body, {
      code: 'invalid_credential_request',
      what: 'credential request',
    });
    const response = await handleCredentialRequest({ ctx, holder, token, request });
    ctx.logger.info(
      { holder: holder.definition.id, status: response.status },
      response.status === 200 ? 'credentials issued' : 'issuance deferred',
    );
    res.status(response.status).set('Cache-Control', 'no-store').json(response.body);
  });
  return router;
}
