import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { openJson, sealJson } from '../crypto/data-keys.js';
import { enqueueProfileDeliveries } from '../standing-permissions/enqueue-profile-deliveries.js';
import type { CompanyProfileRow } from './company-profile-entities.js';
import { companyOwnerId } from './company-owner.js';
import type { CompanyProfile, CompanyProfileUpdate } from './z-company-profile.js';

/** The company's data key is wrapped as an account's is, under a name no account id can take. */
const keyName = (orgNumber: string) => `company:${orgNumber}`;
const aad = (orgNumber: string) => `company-profile:${orgNumber}`;

export function openCompanyProfile(ctx: WalletContext, row: CompanyProfileRow): CompanyProfile {
  const key = ctx.dataKeys.unwrapDataKey(keyName(row.orgNumber), row.wrappedKey);
  return openJson<CompanyProfile>(key, aad(row.orgNumber), row.sealed);
}

/**
 * Saves a change a current signatory made (checked by the caller), over the version it was
 * made from: the first version creates the company's data key; a change from an older version
 * than the stored one is refused (409), as for a person's profile. In the same transaction an
 * update is queued for every body holding an active standing permission of the company, sent
 * after the commit by the wallet's delivery outbox.
 */
export async function saveCompanyProfile(
  ctx: WalletContext,
  orgNumber: string,
  update: CompanyProfileUpdate,
): Promise<CompanyProfileRow> {
  const { profile_version: from, ...profile } = update;
  const stored = await ctx.store.findCompanyProfile(orgNumber);
  const moved = () =>
    new OAuthError('invalid_request', 'the company profile has changed since; reload it', { status: 409 });
  if ((stored?.version ?? 0) !== from) throw moved();
  const now = ctx.now();
  if (!stored) {
    const { dataKey, wrapped } = ctx.dataKeys.createDataKey(keyName(orgNumber));
    const row: CompanyProfileRow = {
      orgNumber,
      wrappedKey: wrapped,
      sealed: sealJson(dataKey, aad(orgNumber), profile),
      version: 1,
      updatedAt: now,
      signingKmsKid: null,
    };
    try {
      // No permission can exist before the first version: nothing to deliver.
      await ctx.db.transaction((manager) => ctx.store.insertCompanyProfile(row, manager));
    } catch (error) {
      // The primary key taken: another signatory's first version won.
      if (await ctx.store.findCompanyProfile(orgNumber)) throw moved();
      throw error;
    }
    return row;
  }
  const key = ctx.dataKeys.unwrapDataKey(keyName(orgNumber), stored.wrappedKey);
  const change = { sealed: sealJson(key, aad(orgNumber), profile), updatedAt: now };
  await ctx.db.transaction(async (manager) => {
    if (!(await ctx.store.updateCompanyProfile(orgNumber, from, change, manager))) throw moved();
    await enqueueProfileDeliveries(manager, companyOwnerId(orgNumber), from + 1, now);
  });
  return { ...stored, ...change, version: from + 1 };
}
