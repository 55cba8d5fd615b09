import type { EntityManager } from 'typeorm';
import { OAuthError } from '@min-profil/shared/errors';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { openJson, sealJson } from '../crypto/data-keys.js';
import type { AccountRow } from '../persistence/entities.js';
import type { ProfileRow } from '../persistence/profile-entities.js';
import { emptyProfile, profileAad, type StoredProfile } from './profile-model.js';

export interface OpenedProfile {
  row: ProfileRow;
  profile: StoredProfile;
}

export async function findAccountOrFail(ctx: WalletContext, accountId: string): Promise<AccountRow> {
  const account = await ctx.store.findAccount(accountId);
  if (!account) throw new OAuthError('not_found', 'no such wallet account');
  return account;
}

export function sealProfile(ctx: WalletContext, account: AccountRow, profile: StoredProfile): string {
  return sealJson(dataKeyOf(ctx, account), profileAad(account.id), profile);
}

/** The person's profile row, created empty (version 0) the first time it is asked for. */
export async function ensureProfileRow(ctx: WalletContext, account: AccountRow): Promise<ProfileRow> {
  const existing = await ctx.profiles.findProfile(account.id);
  if (existing) return existing;
  return ctx.profiles.insertProfileIfAbsent({
    accountId: account.id,
    profileVersion: 0,
    sealed: sealProfile(ctx, account, emptyProfile()),
    holderKmsKid: null,
    updatedAt: ctx.now(),
  });
}

/** The current profile, decrypted for this request only. */
export async function readProfile(
  ctx: WalletContext,
  account: AccountRow,
  manager?: EntityManager,
): Promise<OpenedProfile> {
  const row = (await ctx.profiles.findProfile(account.id, manager)) ?? (await ensureProfileRow(ctx, account));
  const profile = openJson<StoredProfile>(dataKeyOf(ctx, account), profileAad(account.id), row.sealed);
  return { row, profile };
}
