import { Router } from 'express';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { describePresentationRequest } from '../presentation/describe-presentation-request.js';
import { takeDcApiResponse } from './dc-api-response.js';
import { resolveDcApiRequest } from './resolve-dc-api-request.js';
import { zDcApiRequestBody } from './z-dc-api-request.js';

/**
 * The wallet's side of the Digital Credentials API (OpenID4VP 1.0 Appendix A) as far as a web
 * wallet can have one: a caller that stands where the browser's platform would (a bridge for
 * `navigator.credentials.get`) hands over the request with the page's origin; the person decides
 * on the usual consent page (`/present?id=…`, POST /api/presentation-requests/{id}/response); the
 * caller then takes the credential's `data` to resolve the page's promise with.
 */
export function dcApiRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.post('/api/dc-api/requests', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const body = parseWithSchema(zDcApiRequestBody, req.body, { what: 'Digital Credentials API request' });
    const row = await resolveDcApiRequest(ctx, account, body);
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await describePresentationRequest(ctx, account, row));
  });

  router.get('/api/dc-api/requests/:id/response', auth, async (req, res) => {
    const { account } = personOf(res);
    const taken = await takeDcApiResponse(ctx, account, req.params.id as string);
    res
      .status(taken.status === 'pending' ? 202 : 200)
      .set('Cache-Control', 'no-store')
      .json(taken);
  });
  return router;
}
