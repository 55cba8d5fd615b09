import { standingPermissionWithdrawalTyp } from '@min-profil/shared/contact-profile/contact-profile';
import type { WalletContext } from '../context.js';
import type { ProfileDeliveryRow, StandingPermissionRow } from '../persistence/permission-entities.js';
import { signProfileCredential, signWithProfileHolderKey } from '../profile/sign-profile-credential.js';
import { findAccountOrFail } from '../profile/read-profile.js';
import { orgNumberOfOwner } from '../companies/company-owner.js';
import {
  signCompanyProfileCredential,
  signWithCompanyKey,
} from '../companies/sign-company-profile-credential.js';
import { createChangeId } from './enqueue-profile-deliveries.js';
import { findGrantIdentity, presentGrantIdentity } from './grant-identity.js';
import type { CreateDeliveryBody } from './send-delivery.js';

/**
 * The request body for one delivery (docs/standing-permissions.md): an update carries the
 * profile signed now, with this row's change_id and exactly the permission's fields; a
 * withdrawal carries the holder-signed withdrawal JWS. Both are bound to the consumer's
 * client_id and the c_nonce, so they are made per nonce. A company's permission is signed by the
 * company key (docs/representation.md), a person's by their profile holder key.
 */
export async function prepareDeliveryBody(
  ctx: WalletContext,
  row: ProfileDeliveryRow,
  permission: StandingPermissionRow,
): Promise<{ createBody: CreateDeliveryBody; profileVersion?: number }> {
  const orgNumber = orgNumberOfOwner(row.accountId);
  const signJws = (options: { typ: string; payload: Record<string, unknown> }) =>
    orgNumber
      ? signWithCompanyKey(ctx, orgNumber, options)
      : signWithProfileHolderKey(ctx, row.accountId, options);
  const signProfile = (options: Parameters<typeof signCompanyProfileCredential>[2]) =>
    orgNumber
      ? signCompanyProfileCredential(ctx, orgNumber, options)
      : signProfileCredential(ctx, row.accountId, options);
  if (row.kind === 'withdrawal') {
    return {
      createBody: async (nonce) => ({
        standing_permission_id: permission.id,
        withdrawal: await signJws({
          typ: standingPermissionWithdrawalTyp,
          payload: {
            aud: permission.clientId,
            nonce,
            standing_permission_id: permission.id,
            iat: ctx.now(),
          },
        }),
      }),
    };
  }
  // Signed once per attempt: a retry after invalid_nonce only needs a new KB-JWT.
  const signed = await signProfile({
    fields: permission.fields,
    // The current version is signed. If it is not the row's, the content differs from what an
    // earlier attempt may have sent under row.changeId (which the consumer would call a
    // duplicate): a new change_id for the new version, saved before anything is sent.
    changeId: async (version) => {
      if (version === row.profileVersion) return row.changeId;
      const changeId = createChangeId();
      if (
        !(await ctx.permissions.renewChangeId(row.id, row.leaseUntil, { changeId, profileVersion: version }))
      )
        throw new Error('the delivery was superseded or taken over meanwhile');
      row.changeId = changeId;
      row.profileVersion = version;
      return changeId;
    },
  });
  // The first delivery of a permission the wallet started is the grant: it carries who the
  // person is (contract version 2). Without an identity credential it goes without, and the
  // consumer's refusal shows as a failed delivery. A company's profile names its company
  // (org_number) and carries no person's identity (docs/standing-permissions.md).
  const identity =
    !orgNumber && permission.lastDeliveredAt === null ? await grantIdentityOf(ctx, row.accountId) : null;
  return {
    profileVersion: signed.profileVersion,
    createBody: async (nonce) => ({
      standing_permission_id: permission.id,
      vp_token: await signed.appendKeyBinding({ audience: permission.clientId, nonce }),
      ...(identity
        ? {
            identity_token: await presentGrantIdentity(ctx, identity.account, identity.row, {
              audience: permission.clientId,
              nonce,
            }),
          }
        : {}),
    }),
  };
}

async function grantIdentityOf(ctx: WalletContext, accountId: string) {
  const account = await findAccountOrFail(ctx, accountId);
  const row = await findGrantIdentity(ctx, account);
  return row ? { account, row } : null;
}
