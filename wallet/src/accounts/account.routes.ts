import { Router } from 'express';
import { z } from 'zod';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson, sessionCookieName } from '../http/authenticate.js';
import { closeAccount } from './close-account.js';
import { exportAccount } from './export-account.js';

/** The person must say it: closing cannot be undone. */
export const zCloseRequest = z
  .object({
    confirm: z.literal(true),
    request_erasure: z.boolean().optional().meta({
      description: 'Also ask every consumer with a consent record to erase what it received, first',
    }),
  })
  .strict();

/** The person's own account: everything as JSON, and closing it (GDPR Art. 20 and 17). */
export function accountRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.get('/api/account/export', auth, async (_req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .attachment('min-profil-plånbok.json')
      .json(await exportAccount(ctx, personOf(res).account));
  });

  router.post('/api/account/close', auth, jsonBody(), async (req, res) => {
    const body = parseWithSchema(zCloseRequest, req.body ?? {}, { what: 'close request' });
    const report = await closeAccount(ctx, personOf(res).account, { requestErasure: body.request_erasure });
    res.clearCookie(sessionCookieName, { path: '/' });
    res.set('Cache-Control', 'no-store').json(report);
  });
  return router;
}
