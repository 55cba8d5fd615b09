import { Router } from 'express';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { listOpenRequests } from './list-open-requests.js';
import { nameAsker } from './name-asker.js';
import { zAsker, zAskerQuery } from './z-asker.js';
import { zHomeSummary } from './z-home-summary.js';
import { describeCases } from '../cases/describe-cases.js';

/**
 * The start page's summary ("what needs me now") beyond what the other routes list, and the
 * asker's name for the welcome before sign-in (no session: the link is all there is).
 */
export function homeRoutes(ctx: WalletContext): Router {
  const router = Router();
  router.get('/api/home', requirePerson(ctx), async (_req, res) => {
    const { account } = personOf(res);
    const { cases } = await describeCases(ctx, account.id);
    const summary = zHomeSummary.parse({
      open_requests: await listOpenRequests(ctx, account),
      waiting_cases: cases
        .filter((c) => c.waiting_for_me)
        .map((c) => ({
          id: c.id,
          title: c.title,
          consumer: { name: c.consumer.name },
          last_activity_at: c.last_activity_at,
        })),
    });
    res.set('Cache-Control', 'no-store').json(summary);
  });
  router.get('/api/asker', async (req, res) => {
    const { request } = parseWithSchema(zAskerQuery, req.query, { what: 'asker query' });
    // Without a trust list in force the welcome simply does not name anyone.
    const list = await ctx.trustList.get().catch(() => undefined);
    res.set('Cache-Control', 'no-store').json(zAsker.parse({ name: list ? nameAsker(request, list) : null }));
  });
  return router;
}
