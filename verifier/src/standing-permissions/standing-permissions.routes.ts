import { Router, type Request } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import { acceptsStandingPermissions } from '../consumers/consumer-config.js';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { randomToken } from '@min-profil/shared/secrets';
import { handleStandingPermissionUpdate } from './handle-update.js';
import { standingPermissionPaths } from './standing-permission-endpoints.js';
import { zStandingPermissionUpdate } from './z-standing-permission-update.js';

/**
 * The wallet-facing standing-permission endpoints of each consumer that takes them
 * (docs/standing-permissions.md): `POST …/nonce` and `POST …/updates`.
 */
export function standingPermissionRoutes(ctx: VerifierContext): Router {
  const router = Router();

  const consumerOf = (req: Request): ConsumerRuntime => {
    const consumer = ctx.consumers.get(req.params.consumerId as string);
    if (!consumer || !acceptsStandingPermissions(consumer.config)) {
      throw new OAuthError('not_found', 'this consumer takes no standing permissions');
    }
    return consumer;
  };

  router.post(standingPermissionPaths.nonce, async (req, res) => {
    const consumer = consumerOf(req);
    const nonce = randomToken();
    await ctx.standingPermissions.insertNonce({
      nonce,
      consumerId: consumer.config.id,
      expiresAt: ctx.now() + ctx.settings.standingPermissionNonceTtl,
    });
    res.set('Cache-Control', 'no-store').json({ c_nonce: nonce });
  });

  router.post(
    standingPermissionPaths.updates,
    jsonBody(ctx.settings.standingPermissionBodyLimit),
    async (req, res) => {
      const consumer = consumerOf(req);
      if (!req.is('application/json')) {
        throw new OAuthError('invalid_request', 'the update must be application/json', { status: 415 });
      }
      const body = parseWithSchema(zStandingPermissionUpdate, req.body ?? {}, {
        what: 'standing permission update',
      });
      const answer = await handleStandingPermissionUpdate({ ctx, consumer, body });
      res.set('Cache-Control', 'no-store').json(answer);
    },
  );

  return router;
}
