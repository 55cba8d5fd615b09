import { contactProfileClaims } from '@min-profil/shared/contact-profile/contact-profile';
import type { VerifierContext } from '../context.js';
import type { PresentationRequestRow, VerifiedClaims } from '../persistence/entities.js';
import type {
  PermissionSubject,
  StandingPermissionRow,
} from '../persistence/standing-permission-entities.js';
import type { PresentationMeta } from '../verification/verify-vp-token.js';
import {
  companyContactProfileClaims,
  companyContactProfileVct,
} from '@min-profil/shared/contact-profile/company-contact-profile';
import {
  typesOfCredentialQuery,
  claimPathsOfCredentialQuery,
  type CredentialQuery,
  type ParsedDcqlQuery,
} from '../presentation-request/parse-dcql-query.js';
import { storedCopy } from './check-update.js';
import { enqueueStandingPermissionEvent } from './deliver-standing-permission-event.js';

/**
 * The permission a verified presentation grants (docs/standing-permissions.md "Granting"):
 * the first asked-for credential query answered gives the holder key and the profile as
 * disclosed. Its fields are the claims the request asked for (fixed from now on), not what
 * this disclosure happened to carry. Pure: undefined when nothing can be kept current.
 */
export function createGrantedPermission(options: {
  row: PresentationRequestRow;
  permissionId: string;
  claims: VerifiedClaims;
  meta: Record<string, PresentationMeta[]>;
  now: number;
  /** Whose profile it is: the identity presented with it (`profile_subject`), if the request asked. */
  subject?: PermissionSubject;
}): { permission: StandingPermissionRow; changeId?: string } | undefined {
  const { row } = options;
  const query = row.dcqlQuery as unknown as ParsedDcqlQuery;
  for (const queryId of row.standingPermission?.credential_ids ?? []) {
    const presented = options.claims[queryId]?.[0];
    const meta = options.meta[queryId]?.[0];
    const credentialQuery = query.credentials.find((c) => c.id === queryId);
    if (!presented || !meta?.thumbprint || !meta.jwk || !credentialQuery) continue;
    const company = typesOfCredentialQuery(credentialQuery).includes(companyContactProfileVct);
    const fields = askedContactProfileClaims(
      credentialQuery,
      company ? companyContactProfileClaims : contactProfileClaims,
    );
    const orgNumber = meta.orgNumber;
    return {
      changeId: meta.changeId,
      permission: {
        id: options.permissionId,
        consumerId: row.consumerId,
        holderThumbprint: meta.thumbprint,
        holderJwk: meta.jwk,
        fields,
        profile: storedCopy(presented, fields),
        profileVersion: meta.profileVersion ?? 0,
        lastChangeId: meta.changeId ?? null,
        status: 'active',
        origin: 'presentation',
        presentationRequestId: row.id,
        callbackUrl: row.callbackUrl,
        createdAt: options.now,
        updatedAt: options.now,
        withdrawnAt: null,
        subject: options.subject ?? null,
        // A company's profile (issue 21): every update must be the same company's.
        ...(company ? { profileVct: companyContactProfileVct, orgNumber: orgNumber ?? null } : {}),
      },
    };
  }
  return undefined;
}

/**
 * The top-level contact-profile claims a credential query asks for: none without `claims`
 * (OpenID4VP 1.0 §6.4.1), all of them for a `[null]` path.
 */
export function askedContactProfileClaims(
  query: CredentialQuery,
  claims: readonly string[] = contactProfileClaims,
): string[] {
  const names = claimPathsOfCredentialQuery(query).map((path) => path[0]);
  if (names.includes(null)) return [...claims];
  return claims.filter((name) => names.includes(name));
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
  subject?: PermissionSubject;
}): Promise<string | undefined> {
  const { ctx } = options;
  const grant = createGrantedPermission(options);
  if (!grant) return undefined;
  // The granted event is queued with the permission; the caller kicks the worker.
  const inserted = await ctx.standingPermissions.insertPermission(
    grant.permission,
    grant.changeId,
    (tx, row) => enqueueStandingPermissionEvent(ctx, tx, 'standing_permission.granted', row),
  );
  if (!inserted) {
    ctx.logger.warn({ request: options.row.id }, 'standing permission id already taken: share is one-off');
    return undefined;
  }
  ctx.logger.info(
    { request: options.row.id, consumer: options.row.consumerId, standing_permission: options.permissionId },
    'standing permission granted',
  );
  return options.permissionId;
}
