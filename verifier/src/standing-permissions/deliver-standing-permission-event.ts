import type { VerifierContext } from '../context.js';
import { enqueueWebhook } from '../webhook/deliver-webhook.js';
import type { StandingPermissionRow } from '../persistence/standing-permission-entities.js';
import type { Transaction } from '../persistence/webhook-store.js';
import { describeStandingPermission } from './describe-standing-permission.js';

export type StandingPermissionEvent =
  'standing_permission.granted' | 'standing_permission.updated' | 'standing_permission.withdrawn';

/**
 * Tells the consumer's own system about a permission, like a presentation result: the same
 * signed, retried POST, with the profile in the body (as a result carries its claims). Queued
 * in the transaction `tx` that made the change, so the event is kept exactly when the change is.
 * Goes to the granting request's callback_url, else the consumer's configured events URL.
 * Events of one permission reach the consumer one at a time, in the order they were made
 * (the outbox's ordering key). `row`: the permission as the change left it; the withdrawal passes the row as it was before
 * its copy of the profile was dropped (`lastCopy`).
 */
export async function enqueueStandingPermissionEvent(
  ctx: VerifierContext,
  tx: Transaction,
  event: StandingPermissionEvent,
  row: StandingPermissionRow,
  options: { lastCopy?: boolean } = {},
): Promise<void> {
  const url = row.callbackUrl ?? ctx.settings.standingPermissionWebhooks[row.consumerId];
  if (!url) return;
  await enqueueWebhook(
    ctx,
    {
      consumerId: row.consumerId,
      url,
      urlSource: row.callbackUrl ? 'consumer' : 'operator',
      event,
      headers: { 'x-webhook-event': event, 'x-standing-permission-id': row.id },
      orderingKey: `standing_permission:${row.id}`,
      body: JSON.stringify({ event, standing_permission: describeStandingPermission(row, options) }),
    },
    tx,
  );
}
