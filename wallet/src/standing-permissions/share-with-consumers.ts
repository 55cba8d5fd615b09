import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import type { StandingPermissionRow } from '../persistence/permission-entities.js';
import { insertPermissionWithLog, newPermissionRow } from './create-standing-permission.js';
import { enqueueUpdates } from './enqueue-profile-deliveries.js';
import { listStandingConsumers } from './standing-consumers.js';
import type { ShareBody } from './z-standing-permissions.js';

/** The account's current profile version; sharing an empty profile is refused. */
export async function currentProfileVersion(ctx: WalletContext, accountId: string): Promise<number> {
  const profile = await ctx.profiles.findProfile(accountId);
  return profile?.profileVersion ?? 0;
}

/**
 * Wallet-initiated sharing (docs/standing-permissions.md, "Without a request"): one new
 * permission per chosen consumer, each limited to the fields that consumer is registered for,
 * and a first delivery queued for each. A consumer the person already shares with keeps its
 * permission (same id) with the new fields.
 */
export async function shareWithConsumers(
  ctx: WalletContext,
  account: AccountRow,
  body: ShareBody,
): Promise<StandingPermissionRow[]> {
  const available = listStandingConsumers(await ctx.trustList.get());
  const chosen = body.consumers.map((id) => {
    const found = available.find((c) => c.consumer.id === id);
    if (!found)
      throw new OAuthError('invalid_request', `"${id}" does not take standing permissions for the profile`);
    return found;
  });
  const version = await currentProfileVersion(ctx, account.id);
  if (version === 0)
    throw new OAuthError('invalid_request', 'save the contact profile before sharing it', { status: 409 });
  const existing = (await ctx.permissions.listPermissions(account.id)).filter((p) => p.status === 'active');
  const now = ctx.now();
  return ctx.db.transaction(async (manager) => {
    const rows: StandingPermissionRow[] = [];
    for (const { consumer, endpoints, fields: registered } of chosen) {
      const fields = body.fields.filter((f) => registered.includes(f));
      if (fields.length === 0) continue;
      const current = existing.find((p) => p.clientId === consumer.client_id);
      if (current) {
        await ctx.permissions.setFields(current.id, fields, manager);
        rows.push({ ...current, fields });
        continue;
      }
      const row = newPermissionRow({
        accountId: account.id,
        clientId: consumer.client_id,
        consumerName: consumer.name,
        updateEndpoint: endpoints.update_endpoint,
        nonceEndpoint: endpoints.nonce_endpoint,
        fields,
        now,
      });
      await insertPermissionWithLog(ctx, row, manager);
      rows.push(row);
    }
    if (rows.length === 0)
      throw new OAuthError('invalid_request', 'none of the chosen consumers is registered for these fields');
    await enqueueUpdates(manager, rows, version, now);
    return rows;
  });
}
