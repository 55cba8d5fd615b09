import type { WalletContext } from '../context.js';
import { kmsKidsOf } from '../credentials/delete-credential.js';
import { deleteHolderKeys } from '../crypto/holder-keys.js';
import { openRecord, requestErasure } from '../consent-records/request-erasure.js';
import type { DeletionState } from '../persistence/consent-record-entities.js';
import type { AccountRow } from '../persistence/entities.js';
import { stopCase } from '../cases/stop-case.js';
import { withdrawStandingPermission } from '../standing-permissions/manage-permission.js';
import { revokeAtHolder } from '../usage/revoke-at-holder.js';

/** What closing did, for the person's final confirmation (names of bodies, no personal data). */
export interface ClosingReport {
  /** Each standing permission withdrawn, and whether its consumer confirmed in time. */
  withdrawn: Array<{ client_id: string; name: Record<string, string> | null; told: boolean }>;
  /** Each holder whose usage-log sign-in was given up, and whether the holder confirmed. */
  holders: Array<{ credential_issuer: string; name: Record<string, string> | null; revoked: boolean }>;
  /** Each open case stopped, and whether its consumer took the notice. */
  cases: Array<{ case_id: string; title: string; told: boolean }>;
  /**
   * With `requestErasure`: each consent record whose consumer was asked to erase what it
   * received, and its answer (`deleted`, `refused`, or `failed` when it did not confirm).
   */
  erasure: Array<{ client_id: string; name: Record<string, string>; state: DeletionState }>;
  /** Rows deleted, per table. */
  deleted: Record<string, number>;
}

/**
 * Closes the person's wallet account (GDPR Art. 17; the export, Art. 20, comes first in the
 * web app): every standing permission is withdrawn and its consumer told through the outbox —
 * closing waits for their answers (`accountClosingWaitSeconds`) while the account still exists
 * to sign the withdrawals —, each holder usage-log sign-in is revoked at the holder, then every
 * row of the person is deleted in one transaction, and the holder keys with them. The wrapped
 * data key goes with the account row, so anything sealed that a backup still holds cannot be
 * opened. Consent records go too: the export keeps their capabilities for the person, and with
 * `requestErasure` each consumer is first asked to erase what it received.
 * The closing is logged with counts only (no identity, no account id).
 */
export async function closeAccount(
  ctx: WalletContext,
  account: AccountRow,
  options: { requestErasure?: boolean } = {},
): Promise<ClosingReport> {
  const permissions = (await ctx.permissions.listPermissions(account.id)).filter(
    (p) => p.status === 'active',
  );
  for (const permission of permissions) await withdrawStandingPermission(ctx, account, permission.id);
  const withdrawalsPending = async () => {
    const open = await ctx.permissions.listOpenDeliveries(account.id);
    return new Set(
      open.filter((d) => d.kind === 'withdrawal' && d.status === 'pending').map((d) => d.permissionId),
    );
  };
  let pending = await withdrawalsPending();
  const deadline = Date.now() + ctx.settings.accountClosingWaitSeconds * 1000;
  while (pending.size > 0 && Date.now() < deadline) {
    ctx.deliveries.kick();
    await new Promise((resolve) => setTimeout(resolve, 100));
    pending = await withdrawalsPending();
  }

  // Asked for, each consumer is asked to erase what it received (GDPR Art. 17) before the
  // records go; an answer the person should see (refused, failed) is in the report.
  const erasure: ClosingReport['erasure'] = [];
  if (options.requestErasure) {
    for (const record of await ctx.store.listConsentRecords(account.id)) {
      if (record.deletionState === 'deleted') continue;
      if (record.deletionState !== 'requested')
        await requestErasure(ctx, account, record).catch(() => undefined);
      const answered = await ctx.store.findConsentRecord(account.id, record.id);
      erasure.push({
        client_id: record.clientId,
        name: openRecord(ctx, account, record).claims.controller.name,
        state: answered?.deletionState ?? 'failed',
      });
    }
  }

  // Open cases are stopped as the person would stop them, so each consumer hears that no more
  // events will be taken; one that misses the notice learns it from the 410 of its next event.
  const cases: ClosingReport['cases'] = [];
  for (const row of await ctx.cases.listCases(account.id)) {
    if (row.status !== 'open') continue;
    const { consumer_told } = await stopCase(ctx, row);
    cases.push({ case_id: row.id, title: row.title, told: consumer_told });
  }

  const holders: ClosingReport['holders'] = [];
  const issuers = (await ctx.trustList.get()).issuers;
  for (const connection of await ctx.store.listHolderConnections(account.id)) {
    holders.push({
      credential_issuer: connection.credentialIssuer,
      name: issuers.find((i) => i.credential_issuer === connection.credentialIssuer)?.name ?? null,
      revoked: await revokeAtHolder(ctx, account, connection),
    });
  }

  const held = await ctx.store.listCredentials(account.id, ['stored', 'pending', 'deferred']);
  const profileKey = (await ctx.profiles.findProfile(account.id))?.holderKmsKid ?? null;
  const kids = [...held.flatMap((row) => kmsKidsOf(ctx, account, row)), ...(profileKey ? [profileKey] : [])];
  const deleted = await ctx.store.deleteAccountRows(account.id);
  await deleteHolderKeys(ctx.keys, kids);

  const report = {
    withdrawn: permissions.map((p) => ({
      client_id: p.clientId,
      name: p.consumerName,
      told: !pending.has(p.id),
    })),
    holders,
    cases,
    erasure,
    deleted,
  };
  ctx.logger.info(
    {
      event: 'account_closed',
      permissions_withdrawn: report.withdrawn.length,
      consumers_not_told: report.withdrawn.filter((w) => !w.told).length,
      cases_stopped: cases.length,
      holder_sign_ins_revoked: holders.filter((h) => h.revoked).length,
      erasures_requested: erasure.length,
      rows_deleted: Object.values(deleted).reduce((a, b) => a + b, 0),
    },
    'wallet account closed',
  );
  return report;
}
