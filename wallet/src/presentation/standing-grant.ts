import type { StandingPermissionRequest } from '@min-profil/shared/contact-profile/contact-profile';
import type { WalletContext } from '../context.js';
import type { StandingPermissionRow } from '../persistence/permission-entities.js';
import {
  insertPermissionWithLog,
  newPermissionRow,
} from '../standing-permissions/create-standing-permission.js';
import { enqueueWithdrawal } from '../standing-permissions/manage-permission.js';
import { companyOwnerId } from '../companies/company-owner.js';
import type { SharedProfile } from './present-credentials.js';

/** A standing permission the person grants with this answer: what of the profile went out. */
export interface Grant {
  id: string;
  request: StandingPermissionRequest;
  fields: string[];
  /** The profile version that went out with the grant. */
  profileVersion: number;
  /** A company's profile went out (issue #21): the permission is the company's, not the person's. */
  orgNumber?: string;
}

/** Whom the permission is with, as the log and the permission row name them. */
export interface GrantParties {
  accountId: string;
  clientId: string;
  consumerName: Record<string, string> | null;
}

/**
 * The grant, from the profile presentations for the queries the standing permission names, or
 * undefined when nothing of the profile went out (an optional query left unanswered): nothing
 * to stand on.
 */
export function grantFrom(
  id: string,
  request: StandingPermissionRequest,
  profiles: SharedProfile[],
): Grant | undefined {
  const shared = profiles.filter((p) => request.credential_ids.includes(p.queryId));
  const fields = shared.flatMap((p) => p.fields);
  if (fields.length === 0) return undefined;
  const last = shared.at(-1)!;
  return {
    id,
    request,
    fields,
    profileVersion: last.profileVersion,
    ...(last.orgNumber === undefined ? {} : { orgNumber: last.orgNumber }),
  };
}

/** The permission row for a grant (`deliveredVersion` when the profile went out with it). */
export function permissionFromGrant(
  grant: Grant,
  parties: GrantParties,
  now: number,
  deliveredVersion?: number,
): StandingPermissionRow {
  return newPermissionRow({
    id: grant.id,
    ...parties,
    // docs/representation.md: a company's permission is owned by the company (company-owner.ts).
    ...(grant.orgNumber === undefined ? {} : { accountId: companyOwnerId(grant.orgNumber) }),
    updateEndpoint: grant.request.update_endpoint,
    nonceEndpoint: grant.request.nonce_endpoint,
    fields: [...new Set(grant.fields)],
    now,
    ...(deliveredVersion === undefined ? {} : { deliveredVersion }),
  });
}

/**
 * The grant was sent but got no answer (broken off, timed out): the verifier may have recorded
 * the standing permission. Keep track of it, ended at once, and tell the consumer through the
 * outbox — a withdrawal of a permission it never recorded is answered 404 and counts as done.
 */
export async function recordLostGrant(
  ctx: WalletContext,
  grant: Grant,
  parties: GrantParties,
): Promise<void> {
  const now = ctx.now();
  const lost = {
    ...permissionFromGrant(grant, parties, now),
    status: 'withdrawn' as const,
    withdrawnAt: now,
    withdrawnBy: 'person' as const,
  };
  await ctx.db.transaction(async (manager) => {
    await insertPermissionWithLog(ctx, lost, manager, 'no answer to the grant: withdrawn at once');
    await enqueueWithdrawal(ctx, manager, lost, now);
  });
}
