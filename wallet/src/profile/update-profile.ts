import { randomBytes } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import { findAddressSuggestion, sameAddress } from './address-suggestion.js';
import {
  changedClaims,
  type ChannelVerification,
  type ProfileAddress,
  type ProfileEmail,
  type ProfilePhone,
  type StoredProfile,
} from './profile-model.js';
import { ensureProfileRow, readProfile } from './read-profile.js';
import { saveProfileVersion } from './save-profile-version.js';
import type { ProfileUpdate } from './z-profile.js';

export const newItemId = () => randomBytes(9).toString('base64url');

const unverified: ChannelVerification = { verified: false, verified_at: null, verification: null };

/**
 * Matches the submitted entries to the stored ones (by id, else by value): an entry keeps its
 * verification only while its value is unchanged. An id the profile does not have is refused.
 */
function mergeItems<T extends ChannelVerification & { id: string }>(
  stored: T[],
  submitted: Array<{ id?: string; value: string }>,
  valueOf: (item: T) => string,
  build: (id: string, value: string, verification: ChannelVerification) => T,
  what: string,
): T[] {
  const taken = new Set(submitted.flatMap((s) => (s.id ? [s.id] : [])));
  return submitted.map(({ id, value }) => {
    const previous = id
      ? stored.find((s) => s.id === id)
      : stored.find((s) => !taken.has(s.id) && valueOf(s) === value);
    if (id && !previous) throw new OAuthError('invalid_request', `no ${what} with this id in the profile`);
    if (previous && !id) taken.add(previous.id);
    const keep = previous && valueOf(previous) === value;
    const { verified, verified_at, verification } = keep ? previous : unverified;
    return build(previous?.id ?? newItemId(), value, { verified, verified_at, verification });
  });
}

/** The address's source: kept while unchanged, `skatteverket` only for the registered address. */
async function resolveAddress(
  ctx: WalletContext,
  account: AccountRow,
  stored: ProfileAddress | null,
  submitted: ProfileUpdate['address'],
): Promise<ProfileAddress | null> {
  if (submitted === null) return null;
  const { source: asked, ...fields } = submitted;
  if (stored && sameAddress(stored, fields) && asked !== 'self') return stored;
  const suggestion = await findAddressSuggestion(ctx, account);
  const fromSkatteverket = suggestion !== null && sameAddress(suggestion, fields);
  if (asked === 'skatteverket' && !fromSkatteverket) {
    throw new OAuthError(
      'invalid_request',
      'address.source is skatteverket but the address is not the one in your registered-address credential',
    );
  }
  return { ...fields, source: fromSkatteverket && asked !== 'self' ? 'skatteverket' : 'self' };
}

/**
 * Replaces the editable fields of the profile. A new version is stored only when something
 * changed; the answer is the version the profile is at afterwards.
 */
export async function updateProfile(
  ctx: WalletContext,
  account: AccountRow,
  update: ProfileUpdate,
): Promise<{ profileVersion: number; profile: StoredProfile; changed: string[] }> {
  await ensureProfileRow(ctx, account);
  const { row, profile: before } = await readProfile(ctx, account);
  if (update.profile_version !== undefined && update.profile_version !== row.profileVersion) {
    throw new OAuthError('invalid_request', 'the profile was changed meanwhile; load it again', {
      status: 409,
      extra: { profile_version: row.profileVersion },
    });
  }
  const after: StoredProfile = {
    address: await resolveAddress(ctx, account, before.address, update.address),
    emails: mergeItems<ProfileEmail>(
      before.emails,
      update.emails.map((e) => ({ id: e.id, value: e.address })),
      (e) => e.address,
      (id, address, v) => ({ id, address, ...v }),
      'e-mail address',
    ),
    phones: mergeItems<ProfilePhone>(
      before.phones,
      update.phones.map((p) => ({ id: p.id, value: p.number })),
      (p) => p.number,
      (id, number, v) => ({ id, number, ...v }),
      'phone number',
    ),
    preferred_language: update.preferred_language,
    contact_preferences: update.contact_preferences,
  };
  const changed = changedClaims(before, after);
  if (changed.length === 0) {
    return { profileVersion: row.profileVersion, profile: before, changed };
  }
  const profileVersion = await saveProfileVersion(ctx, {
    account,
    from: row,
    profile: after,
    claims: changed,
    outcome: 'updated',
  });
  return { profileVersion, profile: after, changed };
}
