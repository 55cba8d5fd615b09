import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type { AccountRow } from '../persistence/entities.js';
import type { ProfileRow } from '../persistence/profile-entities.js';
import { enqueueProfileDeliveries } from '../standing-permissions/enqueue-profile-deliveries.js';
import type { StoredProfile } from './profile-model.js';
import { sealProfile } from './read-profile.js';

/** Who the log names as the other party of a profile change: the person's own wallet. */
export const profileCounterparty = 'wallet';

/**
 * Stores the next version of the profile, queues its delivery to every standing permission and
 * writes the person's log entry (claim names only), all in one transaction: a change is never
 * stored without its outbox entries. Fails with 409 when another change was saved since `from`.
 */
export async function saveProfileVersion(
  ctx: WalletContext,
  options: {
    account: AccountRow;
    from: ProfileRow;
    profile: StoredProfile;
    /** Top-level claim names that changed, for the log. */
    claims: string[];
    /** The log's outcome code, e.g. `updated`, `email_verified`. */
    outcome: string;
  },
): Promise<number> {
  const { account, from } = options;
  const version = from.profileVersion + 1;
  const now = ctx.now();
  const sealed = sealProfile(ctx, account, options.profile);
  await ctx.db.transaction(async (manager) => {
    const saved = await ctx.profiles.updateProfile(
      account.id,
      from.profileVersion,
      { profileVersion: version, sealed, updatedAt: now },
      manager,
    );
    if (!saved) {
      throw new OAuthError('invalid_request', 'the profile was changed meanwhile; load it again', {
        status: 409,
      });
    }
    await enqueueProfileDeliveries(manager, account.id, version, now);
    await recordEvent(
      ctx,
      {
        accountId: account.id,
        event: 'profile_change',
        counterparty: profileCounterparty,
        counterpartyName: { sv: 'Du själv', en: 'You' },
        credentialTypes: [contactProfileVct],
        claims: options.claims,
        outcome: options.outcome,
      },
      manager,
    );
  });
  ctx.logger.info({ account: account.id, profileVersion: version }, 'profile saved');
  return version;
}
