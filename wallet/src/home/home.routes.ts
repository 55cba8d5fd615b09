import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { listOpenRequests } from './list-open-requests.js';
import { zHomeSummary } from './z-home-summary.js';

/** The start page's summary ("what needs me now") beyond what the other routes list. */
export function homeRoutes(ctx: WalletContext): Router {
  const router = Router();
  router.get('/api/home', requirePerson(ctx), async (_req, res) => {
    const { account } = personOf(res);
    const summary = zHomeSummary.parse({ open_requests: await listOpenRequests(ctx, account) });
    res.set('Cache-Control', 'no-store').json(summary);
  });
  return router;
}
