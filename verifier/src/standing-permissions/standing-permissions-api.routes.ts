import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { VerifierContext } from '../context.js';
import { authenticatedConsumer, requireConsumer } from '../http/require-consumer.js';
import { describeStandingPermission } from './describe-standing-permission.js';

/** The consumer's back-end API for its standing permissions (its API key picks the consumer). */
export function standingPermissionsApiRoutes(ctx: VerifierContext): Router {
  const router = Router();
  const auth = requireConsumer(ctx);

  router.get('/api/standing-permissions', auth, async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const rows = await ctx.standingPermissions.listPermissions(consumer.config.id, 100);
    res.set('Cache-Control', 'no-store').json({ standing_permissions: rows.map(describeStandingPermission) });
  });

  router.get('/api/standing-permissions/:id', auth, async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const row = await ctx.standingPermissions.findPermission(req.params.id as string);
    // A consumer sees only its own permissions; another's is as absent as a missing one.
    if (!row || row.consumerId !== consumer.config.id) {
      throw new OAuthError('not_found', 'no standing permission with that id');
    }
    res.set('Cache-Control', 'no-store').json(describeStandingPermission(row));
  });

  return router;
}
