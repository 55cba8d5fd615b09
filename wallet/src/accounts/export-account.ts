import { describeApprovalRecord } from '../approvals/approvals.routes.js';
import { describeConsentRecord } from '../consent-records/describe-consent-record.js';
import { openRecord } from '../consent-records/request-erasure.js';
import type { WalletContext } from '../context.js';
import { describeCredential, openSealed } from '../credentials/describe-credential.js';
import { claimLabeller } from '../log/claim-labels.js';
import { describeLogEntry } from '../log/log.routes.js';
import type { AccountRow } from '../persistence/entities.js';
import { describeProfile } from '../profile/describe-profile.js';
import { describePermission } from '../standing-permissions/describe-standing-permissions.js';

const iso = (epoch: number) => new Date(epoch * 1000).toISOString();

/**
 * Everything the wallet keeps about the person, as one JSON document (GDPR Art. 20), taken
 * before the account is closed: the credentials as issued (so another wallet can take them),
 * the log, the consent records with their capabilities (so the person can still read a
 * consumer's uses or ask it to erase, from another wallet), the standing permissions, the
 * approved documents' receipts, the contact profile and the holders whose logs were connected.
 * Holder keys and tokens are not exported: they are the wallet's, and end with the account.
 */
export async function exportAccount(ctx: WalletContext, account: AccountRow) {
  const [held, log, records, permissions, open, approvals, connections, list] = await Promise.all([
    ctx.store.listCredentials(account.id, ['stored', 'pending', 'deferred']),
    ctx.store.listLog(account.id, {}),
    ctx.store.listConsentRecords(account.id),
    ctx.permissions.listPermissions(account.id),
    ctx.permissions.listOpenDeliveries(account.id),
    ctx.store.listApprovals(account.id),
    ctx.store.listHolderConnections(account.id),
    ctx.trustList.get(),
  ]);
  const labels = claimLabeller(held);
  return {
    format: 'min-profil-wallet-export',
    version: 1,
    exported_at: iso(ctx.now()),
    account: { identity_number: account.identityNumber, created_at: iso(account.createdAt) },
    profile: await describeProfile(ctx, account),
    credentials: await Promise.all(
      held.map(async (row) => ({
        ...(await describeCredential(ctx, account, row, { claims: true })),
        state: row.state,
        // The credential as issued: each copy is the compact SD-JWT VC (or JWT VC) with all disclosures.
        copies: openSealed(ctx, account, row).copies.map((c) => c.compact),
      })),
    ),
    log: log.map((row) => describeLogEntry(row, list, labels)),
    consent_records: records.map((row) => ({
      ...describeConsentRecord(row),
      capability: openRecord(ctx, account, row).capability,
    })),
    standing_permissions: permissions.map((row) => describePermission(row, open)),
    approvals: approvals.map(describeApprovalRecord),
    holder_connections: connections.map((c) => ({
      credential_issuer: c.credentialIssuer,
      connected_at: iso(c.connectedAt),
    })),
  };
}
