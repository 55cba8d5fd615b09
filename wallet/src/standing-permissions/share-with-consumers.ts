import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import type { StandingPermissionRow } from '../persistence/permission-entities.js';
import { insertPermissionWithLog, newPermissionRow } from './create-standing-permission.js';
import { findGrantIdentity, identityRequired } from './grant-identity.js';
import { enqueueUpdates } from './enqueue-profile-deliveries.js';
import { assertWithinGranted, changeFieldsIn } from './manage-permission.js';
import { listStandingConsumers } from './standing-consumers.js';
import type { ShareBody } from './z-standing-permissions.js';

const sameFields = (a: string[], b: string[]) => a.length === b.length && a.every((f) => b.includes(f));

/**
 * Wallet-initiated sharing (docs/standing-permissions.md, "Without a request"): one new
 * permission per chosen consumer, each limited to the fields that consumer is registered for,
 * and a first delivery queued for each. A consumer the person already shares with keeps its
 * permission: its fields change as through PATCH (a new profile version, only fields granted at
 * the start); asking for more than that is refused (withdraw and share anew). A new permission
 * needs an identity credential, sent with its first delivery (contract version 2).
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
  // Read before the transaction (it may ask a status list): a new permission needs it.
  const identity = await findGrantIdentity(ctx, account);
  const now = ctx.now();
  return ctx.db.transaction(async (manager) => {
    // Serialises this person's shares (PostgreSQL row lock; SQLite serialises transactions), so
    // `existing` stays true until the commit.
    const profile = await ctx.profiles.lockProfile(account.id, manager);
    if (!profile || profile.profileVersion === 0)
      throw new OAuthError('invalid_request', 'save the contact profile before sharing it', { status: 409 });
    const existing = await ctx.permissions.listActivePermissions(account.id, manager);
    const rows: StandingPermissionRow[] = [];
    const created: StandingPermissionRow[] = [];
    for (const { consumer, endpoints, fields: registered } of chosen) {
      const fields = body.fields.filter((f) => registered.includes(f));
      if (fields.length === 0) continue;
      const current = existing.find((p) => p.clientId === consumer.client_id);
      if (current) {
        if (!sameFields(fields, current.fields)) {
          assertWithinGranted(
            current,
            fields,
            ` (you already share with ${consumer.id}: withdraw that permission and share anew to add fields)`,
            409,
          );
          await changeFieldsIn(ctx, manager, current, fields, now);
        }
        rows.push({ ...current, fields });
        continue;
      }
      // Contract version 2: the consumer makes a wallet-started permission only with whose it is.
      if (!identity) throw identityRequired();
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
      created.push(row);
    }
    if (rows.length === 0)
      throw new OAuthError('invalid_request', 'none of the chosen consumers is registered for these fields');
    // Belt and braces: never two active permissions for one consumer (rolls the share back).
    const active = await ctx.permissions.listActivePermissions(account.id, manager);
    for (const row of created) {
      if (active.filter((p) => p.clientId === row.clientId).length > 1)
        throw new OAuthError('invalid_request', 'you already share with this consumer; try again', {
          status: 409,
        });
    }
    // A field change above may have raised the version: new permissions start from the current one.
    const version = (await ctx.profiles.findProfile(account.id, manager))!.profileVersion;
    await enqueueUpdates(manager, created, version, now);
    return rows;
  });
}
