import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { listRepresentedParties } from './list-represented-parties.js';
import { zRepresentation } from './z-representation.js';

/** "Jag företräder": whom the signed-in person may act for, from the credentials they hold. */
export function representationRoutes(ctx: WalletContext): Router {
  const router = Router();
  router.get('/api/representation', requirePerson(ctx), async (_req, res) => {
    const { account } = personOf(res);
    const body = zRepresentation.parse({ parties: await listRepresentedParties(ctx, account) });
    res.set('Cache-Control', 'no-store').json(body);
  });
  return router;
}
