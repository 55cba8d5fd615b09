import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { profileVctOfOwner } from '../companies/company-owner.js';
import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type { StandingPermissionRow } from '../persistence/permission-entities.js';

/** `standing_permission_id`: chosen by the wallet, random, 256 bits, base64url (contract: ≥ 128). */
export function createStandingPermissionId(): string {
  return randomBytes(32).toString('base64url');
}

export function newPermissionRow(options: {
  /** Already sent to the consumer (a presentation); otherwise a new one. */
  id?: string;
  accountId: string;
  clientId: string;
  consumerName: Record<string, string> | null;
  updateEndpoint: string;
  nonceEndpoint: string;
  fields: string[];
  now: number;
  /** Set when the profile went out with the grant itself (a presentation). */
  deliveredVersion?: number;
}): StandingPermissionRow {
  return {
    id: options.id ?? createStandingPermissionId(),
    accountId: options.accountId,
    clientId: options.clientId,
    consumerName: options.consumerName,
    updateEndpoint: options.updateEndpoint,
    nonceEndpoint: options.nonceEndpoint,
    fields: options.fields,
    grantedFields: options.fields,
    status: 'active',
    createdAt: options.now,
    withdrawnAt: null,
    withdrawnBy: null,
    lastDeliveredAt: options.deliveredVersion === undefined ? null : options.now,
    lastDeliveredVersion: options.deliveredVersion ?? null,
  };
}

/** Stores a granted permission with its log entry (fields by name, never values). */
export async function insertPermissionWithLog(
  ctx: WalletContext,
  row: StandingPermissionRow,
  manager: EntityManager,
  outcome = 'granted',
): Promise<void> {
  await ctx.permissions.insertPermission(row, manager);
  await recordEvent(
    ctx,
    {
      accountId: row.accountId,
      event: 'standing_permission',
      counterparty: row.clientId,
      counterpartyName: row.consumerName,
      credentialTypes: [profileVctOfOwner(row.accountId)],
      claims: row.fields,
      outcome,
    },
    manager,
  );
}
