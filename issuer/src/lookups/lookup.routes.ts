import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { requireApiKey } from '../http/require-api-key.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { answerLookup } from './answer-lookup.js';
import { zLookupRequest } from './z-lookup-request.js';

/** `POST /{holder}/admin/lookups`: another body's system asks the register (a staff key of the holder). */
export function lookupRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.post('/:holder/admin/lookups', requireApiKey(ctx), jsonBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    if (!req.is('application/json')) {
      throw new OAuthError('invalid_request', 'the look-up must be application/json');
    }
    const request = parseWithSchema(zLookupRequest, req.body, { what: 'look-up' });
    const answer = await answerLookup({ ctx, holder, request });
    // Who asked and for how many fields; never the number or the values.
    ctx.logger.info(
      {
        holder: holder.definition.id,
        requester: request.requester.org_number,
        fields: request.fields.length,
      },
      'register look-up answered',
    );
    res.set('Cache-Control', 'no-store').json(answer);
  });
  return router;
}
