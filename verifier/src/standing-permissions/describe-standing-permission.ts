import type { VerifierContext } from '../context.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import type { StandingPermissionRow } from '../persistence/standing-permission-entities.js';
import type { Transaction } from '../persistence/webhook-store.js';

const iso = (epoch: number | null) => (epoch === null ? undefined : new Date(epoch * 1000).toISOString());

/**
 * What the consumer reads about a permission (API and webhooks): its state and the current
 * copy of the profile, as the last applied update disclosed it. A withdrawn permission has no
 * copy any more (docs/standing-permissions.md "Withdrawing"); only the withdrawal webhook
 * carries the last one (`lastCopy`).
 */
export function describeStandingPermission(row: StandingPermissionRow, options: { lastCopy?: boolean } = {}) {
  const withProfile = row.status === 'active' || options.lastCopy === true;
  return {
    id: row.id,
    status: row.status,
    consumer: row.consumerId,
    origin: row.origin,
    fields: row.fields,
    // A company contact profile's (issue 21); absent for a person's contact profile.
    ...(row.profileVct ? { profile_vct: row.profileVct, org_number: row.orgNumber } : {}),
    profile_version: row.profileVersion,
    ...(withProfile ? { profile: row.profile } : {}),
    // Whose profile it is (issue #20); null: unknown (granted without an identity credential).
    ...(withProfile ? { whose: row.subject } : {}),
    granted_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    ...(row.withdrawnAt !== null ? { withdrawn_at: iso(row.withdrawnAt) } : {}),
    ...(row.presentationRequestId ? { presentation_request_id: row.presentationRequestId } : {}),
  };
}

export type StandingPermissionDescription = ReturnType<typeof describeStandingPermission>;

/** `{ id, status }` of the permission a presentation granted, for its result. */
export async function findPermissionSummary(
  ctx: VerifierContext,
  row: PresentationRequestRow,
  tx?: Transaction,
): Promise<{ id: string; status: string } | undefined> {
  if (!row.standingPermission) return undefined;
  const permission = await ctx.standingPermissions.findPermissionByPresentation(row.id, tx);
  return permission ? { id: permission.id, status: permission.status } : undefined;
}
