import { Router } from 'express';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { requireAccessToken } from '../http/require-access-token.js';
import { resolveHolder } from '../http/resolve-holder.js';

const zNotificationRequest = z
  .object({
    notification_id: z.string().min(1).max(200),
    event: z.enum(['credential_accepted', 'credential_failure', 'credential_deleted']),
    event_description: z.string().max(1000).optional(),
  })
  .loose();

/** OID4VCI 1.0 §11: the wallet tells the issuer what became of the credentials. */
export function notificationRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.post('/:holder/notification', jsonBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const token = await requireAccessToken(ctx, holder, req);
    const request = parseWithSchema(zNotificationRequest, req.body, {
      code: 'invalid_notification_request',
      what: 'notification request',
    });
    const issued = await ctx.store.findIssuedByNotificationId(holder.definition.id, request.notification_id);
    if (issued.length === 0 || issued.some((c) => c.identityNumber !== token.identityNumber)) {
      throw new OAuthError(
        'invalid_notification_id',
        'the notification_id is not known for this access token',
      );
    }
    await ctx.store.setWalletEvent(holder.definition.id, request.notification_id, request.event);
    res.status(204).end();
  });
  return router;
}
