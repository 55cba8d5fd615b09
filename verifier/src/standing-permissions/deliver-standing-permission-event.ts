import type { VerifierContext } from '../context.js';
import { postWebhook, trackWebhook } from '../webhook/deliver-webhook.js';
import type { StandingPermissionRow } from '../persistence/standing-permission-entities.js';
import { describeStandingPermission } from './describe-standing-permission.js';

export type StandingPermissionEvent =
  'standing_permission.granted' | 'standing_permission.updated' | 'standing_permission.withdrawn';

/**
 * Tells the consumer's own system about a permission, like a presentation result: the same
 * signed, retried POST, with the current profile in the body (as a result carries its claims).
 * Goes to the granting request's callback_url, else the consumer's configured events URL.
 * `snapshot`: build the body from this row now instead of reading the permission later — the
 * withdrawal passes the row as it was before its copy of the profile was dropped.
 */
export function deliverStandingPermissionEvent(
  ctx: VerifierContext,
  event: StandingPermissionEvent,
  permissionId: string,
  snapshot?: StandingPermissionRow,
): void {
  const fixed = snapshot && {
    row: snapshot,
    body: JSON.stringify({
      event,
      standing_permission: describeStandingPermission(snapshot, { lastCopy: true }),
    }),
  };
  trackWebhook(
    ctx,
    (async () => {
      let row = fixed?.row;
      let body = fixed?.body;
      if (!row) {
        const found = await ctx.standingPermissions.findPermission(permissionId);
        if (!found) return;
        row = found;
        body = JSON.stringify({ event, standing_permission: describeStandingPermission(found) });
      }
      const url = row.callbackUrl ?? ctx.settings.standingPermissionWebhooks[row.consumerId];
      if (!url || body === undefined) return;
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
