import type { VerifierContext } from '../context.js';
import { postWebhook, trackWebhook } from '../webhook/deliver-webhook.js';
import { describeStandingPermission } from './describe-standing-permission.js';

export type StandingPermissionEvent =
  'standing_permission.granted' | 'standing_permission.updated' | 'standing_permission.withdrawn';

/**
 * Tells the consumer's own system about a permission, like a presentation result: the same
 * signed, retried POST, with the current profile in the body (as a result carries its claims).
 * Goes to the granting request's callback_url, else the consumer's configured events URL.
 */
export function deliverStandingPermissionEvent(
  ctx: VerifierContext,
  event: StandingPermissionEvent,
  permissionId: string,
): void {
  trackWebhook(
    ctx,
    (async () => {
      const row = await ctx.standingPermissions.findPermission(permissionId);
      if (!row) return;
      const url = row.callbackUrl ?? ctx.settings.standingPermissionWebhooks[row.consumerId];
      if (!url) return;
      const body = JSON.stringify({ event, standing_permission: describeStandingPermission(row) });
      await postWebhook(ctx, {
        url,
        consumerId: row.consumerId,
        body,
        headers: { 'x-webhook-event': event, 'x-standing-permission-id': row.id },
        logFields: { standing_permission: row.id, event },
        consumerProvided: row.callbackUrl !== null && row.callbackUrl !== undefined,
      });
    })(),
    { standing_permission: permissionId, event },
  );
}
