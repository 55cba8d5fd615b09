import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { IssuerContext } from '../context.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { createStatusListPublisher } from './publish-status-list.js';
import { sendCompressed } from './compress-response.js';

/** Token Status List §8: the list as `application/statuslist+jwt`, compressed when accepted. */
export function statusListRoutes(ctx: IssuerContext): Router {
  const router = Router();
  const publish = createStatusListPublisher(ctx);
  router.get('/:holder/status-lists/:id', async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const id = Number(req.params.id);
    const list = Number.isSafeInteger(id) ? await ctx.statusLists.findList(holder.definition.id, id) : null;
    if (!list) throw new OAuthError('not_found', 'no such status list');
    const jwt = await publish(holder, list);
    res
      .set('Cache-Control', `max-age=${Math.min(ctx.settings.statusListTtl, 60)}`)
      .type('application/statuslist+jwt');
    await sendCompressed(req, res, jwt);
  });
  return router;
}
