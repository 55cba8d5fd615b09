import type { VerifierContext } from '../context.js';
import type { PresentationRequestRow, VerifiedClaims } from '../persistence/entities.js';
import type { StandingPermissionRow } from '../persistence/standing-permission-entities.js';
import type { PresentationMeta } from '../verification/verify-vp-token.js';

/** Members of a verified claims entry that describe the credential, not the person. */
const CREDENTIAL_MEMBERS = new Set(['issuer', 'vct', 'profile_version', 'change_id']);

/**
 * The permission a verified presentation grants (docs/standing-permissions.md "Granting"):
 * the first asked-for credential query answered gives the holder key, the fields disclosed and
 * the profile as disclosed. Pure: undefined when nothing in the response can be kept current.
 */
export function createGrantedPermission(options: {
  row: PresentationRequestRow;
  permissionId: string;
  claims: VerifiedClaims;
  meta: Record<string, PresentationMeta[]>;
  now: number;
}): { permission: StandingPermissionRow; changeId?: string } | undefined {
  const { row } = options;
  for (const queryId of row.standingPermission?.credential_ids ?? []) {
    const presented = options.claims[queryId]?.[0];
    const meta = options.meta[queryId]?.[0];
    if (!presented || !meta?.thumbprint || !meta.jwk) continue;
    const profile = Object.fromEntries(
      Object.entries(presented).filter(([name]) => !CREDENTIAL_MEMBERS.has(name)),
    );
    return {
      changeId: meta.changeId,
      permission: {
        id: options.permissionId,
        consumerId: row.consumerId,
        holderThumbprint: meta.thumbprint,
        holderJwk: meta.jwk,
        fields: Object.keys(profile),
        profile,
        profileVersion: meta.profileVersion ?? 0,
        lastChangeId: meta.changeId ?? null,
        status: 'active',
        origin: 'presentation',
        presentationRequestId: row.id,
        callbackUrl: row.callbackUrl,
        createdAt: options.now,
        updatedAt: options.now,
        withdrawnAt: null,
      },
    };
  }
  return undefined;
}

/**
 * Records the permission granted with a verified presentation. An id already taken (by
 * another permission) grants nothing: the share stays one-off. Returns the recorded id.
 */
export async function recordGrant(options: {
  ctx: VerifierContext;
  row: PresentationRequestRow;
  permissionId: string;
  claims: VerifiedClaims;
  meta: Record<string, PresentationMeta[]>;
  now: number;
}): Promise<string | undefined> {
  const { ctx } = options;
  const grant = createGrantedPermission(options);
  if (!grant) return undefined;
  if (!(await ctx.standingPermissions.insertPermission(grant.permission, grant.changeId))) {
    ctx.logger.warn({ request: options.row.id }, 'standing permission id already taken: share is one-off');
    return undefined;
  }
  ctx.logger.info(
    { request: options.row.id, consumer: options.row.consumerId, standing_permission: options.permissionId },
    'standing permission granted',
  );
  return options.permissionId;
}
