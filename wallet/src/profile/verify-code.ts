import { OAuthError } from '@min-profil/shared/errors';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import type { CodeChannel } from '../persistence/profile-entities.js';
import { codeRefused, codeRules, findEntry, hashCode, hashValue, sameHash } from './one-time-codes.js';
import { loadProfileHolderKey } from './profile-holder-key.js';
import type { StoredProfile } from './profile-model.js';
import { readProfile } from './read-profile.js';
import { saveProfileVersion } from './save-profile-version.js';
import { signChannelVerification } from './sign-channel-verification.js';

/** Checks the entered code against the entry's newest code; counts the try first. */
async function checkCode(
  ctx: WalletContext,
  account: AccountRow,
  options: { channel: CodeChannel; itemId: string; code: string; value: string },
): Promise<void> {
  const now = ctx.now();
  const row = await ctx.profiles.latestCode(account.id, options.itemId);
  if (!row || row.channel !== options.channel || row.closedAt !== null) {
    throw codeRefused(
      row && row.attempts >= codeRules.maxAttempts ? 'locked' : 'no_code',
      row && row.attempts >= codeRules.maxAttempts
        ? 'the code was entered wrongly too many times; ask for a new one'
        : 'no code is waiting for this entry; ask for one',
    );
  }
  if (row.expiresAt <= now) throw codeRefused('expired', 'the code has expired; ask for a new one');
  // The try is counted before the comparison, by a conditional update, so guesses in parallel
  // cannot get past the limit.
  if (!(await ctx.profiles.countAttempt(row.id, codeRules.maxAttempts))) {
    throw codeRefused('locked', 'the code was entered wrongly too many times; ask for a new one');
  }
  const dataKey = dataKeyOf(ctx, account);
  if (!sameHash(hashCode(dataKey, row.id, options.code), row.codeHash)) {
    const left = codeRules.maxAttempts - (row.attempts + 1);
    if (left <= 0) {
      await ctx.profiles.closeCode(row.id, now);
      throw codeRefused('locked', 'wrong code, and no tries are left; ask for a new one', 0);
    }
    throw codeRefused('wrong_code', 'wrong code', left);
  }
  if (!sameHash(hashValue(dataKey, options.channel, options.value), row.valueHash)) {
    throw codeRefused('value_changed', 'the entry was changed after the code was sent; ask for a new one');
  }
  if (!(await ctx.profiles.closeCode(row.id, now))) {
    throw codeRefused('no_code', 'the code has already been used');
  }
}

/**
 * Marks an e-mail address or phone number verified when the code sent to it is entered, with
 * the wallet provider's signed proof, as a new profile version.
 */
export async function verifyCode(
  ctx: WalletContext,
  account: AccountRow,
  options: { channel: CodeChannel; itemId: string; code: string },
): Promise<{ profileVersion: number; verifiedAt: number }> {
  const { row, profile } = await readProfile(ctx, account);
  const { value } = findEntry(profile, options.channel, options.itemId);
  await checkCode(ctx, account, { ...options, value });
  const holder = await loadProfileHolderKey(ctx, account);
  const verifiedAt = ctx.now();
  const verification = await signChannelVerification(ctx, {
    holderThumbprint: holder.thumbprint,
    channel: options.channel,
    value,
    verifiedAt,
  });
  const mark = { verified: true, verified_at: verifiedAt, verification };
  // Another edit may land between the check and the save: re-apply on the newest version, as
  // long as the entry still holds the value the code went to.
  let current = { row, profile };
  for (let attempt = 0; ; attempt++) {
    const found = findEntry(current.profile, options.channel, options.itemId);
    if (found.value !== value) {
      throw codeRefused('value_changed', 'the entry was changed after the code was sent; ask for a new one');
    }
    const next: StoredProfile = {
      ...current.profile,
      emails: current.profile.emails.map((e) =>
        options.channel === 'email' && e.id === options.itemId ? { ...e, ...mark } : e,
      ),
      phones: current.profile.phones.map((p) =>
        options.channel === 'phone' && p.id === options.itemId ? { ...p, ...mark } : p,
      ),
    };
    try {
      const profileVersion = await saveProfileVersion(ctx, {
        account,
        from: current.row,
        profile: next,
        claims: [options.channel === 'email' ? 'emails' : 'phones'],
        outcome: `${options.channel}_verified`,
      });
      return { profileVersion, verifiedAt };
    } catch (error) {
      if (!(error instanceof OAuthError && error.status === 409) || attempt >= 2) throw error;
      current = await readProfile(ctx, account);
    }
  }
}
