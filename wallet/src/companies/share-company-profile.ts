import {
  companyContactProfileClaims,
  companyContactProfileVct,
} from '@min-profil/shared/contact-profile/company-contact-profile';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type { AccountRow } from '../persistence/entities.js';
import type { StandingPermissionRow } from '../persistence/permission-entities.js';
import {
  insertPermissionWithLog,
  newPermissionRow,
} from '../standing-permissions/create-standing-permission.js';
import { enqueueUpdates } from '../standing-permissions/enqueue-profile-deliveries.js';
import { listStandingConsumers } from '../standing-permissions/standing-consumers.js';
import { loadCompanyKey } from './company-key.js';
import { companyOwnerId } from './company-owner.js';
import type { CompanyShareBody } from './z-company-sharing.js';

/** The bodies a company's profile may be shared with: listed with endpoints, registered for it. */
export async function companyStandingConsumers(ctx: WalletContext) {
  return listStandingConsumers(
    await ctx.trustList.get(),
    companyContactProfileVct,
    companyContactProfileClaims,
  );
}

/**
 * A current signatory (checked by the caller) shares the company's contact profile with bodies
 * from the trust list (docs/standing-permissions.md "Without a request"): one permission per
 * body, owned by the company, each limited to the fields the body is registered for, with a
 * first delivery queued, signed by the company key (created now on first need). A body the
 * company already shares with keeps its permission (withdraw it to change what it gets). The
 * signatory's own log says they did it; the company's log keeps the permission's history.
 */
export async function shareCompanyProfile(
  ctx: WalletContext,
  signatory: AccountRow,
  orgNumber: string,
  body: CompanyShareBody,
): Promise<StandingPermissionRow[]> {
  const available = await companyStandingConsumers(ctx);
  const chosen = body.consumers.map((id) => {
    const found = available.find((c) => c.consumer.id === id);
    if (!found) {
      throw new OAuthError(
        'invalid_request',
        `"${id}" does not take standing permissions for a company profile`,
      );
    }
    return found;
  });
  const profile = await ctx.store.findCompanyProfile(orgNumber);
  if (!profile) {
    throw new OAuthError('invalid_request', 'save the company profile before sharing it', { status: 409 });
  }
  // Before anything is stored: the key the bodies will bind the permission to.
  await loadCompanyKey(ctx, orgNumber);
  const ownerId = companyOwnerId(orgNumber);
  const now = ctx.now();
  return ctx.db.transaction(async (manager) => {
    // Serialises the company's shares (two signatories at once).
    await ctx.store.lockCompanyProfile(orgNumber, manager);
    const existing = await ctx.permissions.listActivePermissions(ownerId, manager);
    const rows: StandingPermissionRow[] = [];
    const created: StandingPermissionRow[] = [];
    for (const { consumer, endpoints, fields: registered } of chosen) {
      const fields = body.fields.filter((f) => registered.includes(f));
      if (fields.length === 0) continue;
      const current = existing.find((p) => p.clientId === consumer.client_id);
      if (current) {
        rows.push(current);
        continue;
      }
      const row = newPermissionRow({
        accountId: ownerId,
        clientId: consumer.client_id,
        consumerName: consumer.name,
        updateEndpoint: endpoints.update_endpoint,
        nonceEndpoint: endpoints.nonce_endpoint,
        fields,
        now,
      });
      await insertPermissionWithLog(ctx, row, manager);
      await recordEvent(
        ctx,
        {
          accountId: signatory.id,
          event: 'standing_permission',
          counterparty: consumer.client_id,
          counterpartyName: consumer.name,
          credentialTypes: [companyContactProfileVct],
          claims: fields,
          outcome: `granted for the company ${orgNumber}`,
        },
        manager,
      );
      rows.push(row);
      created.push(row);
    }
    if (rows.length === 0) {
      throw new OAuthError('invalid_request', 'none of the chosen bodies is registered for these fields');
    }
    // Two signatories sharing at once: never two active permissions for one body (rolls back).
    const active = await ctx.permissions.listActivePermissions(ownerId, manager);
    for (const row of created) {
      if (active.filter((p) => p.clientId === row.clientId).length > 1) {
        throw new OAuthError('invalid_request', 'the company already shares with this body; try again', {
          status: 409,
        });
      }
    }
    const version = (await ctx.store.lockCompanyProfile(orgNumber, manager))!.version;
    await enqueueUpdates(manager, created, version, now);
    return rows;
  });
}
