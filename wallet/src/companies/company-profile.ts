import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { openJson, sealJson } from '../crypto/data-keys.js';
import type { CompanyProfileRow } from './company-profile-entities.js';
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
 * than the stored one is refused (409), as for a person's profile.
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
  if (!stored) {
    const { dataKey, wrapped } = ctx.dataKeys.createDataKey(keyName(orgNumber));
    const row = {
      orgNumber,
      wrappedKey: wrapped,
      sealed: sealJson(dataKey, aad(orgNumber), profile),
      version: 1,
      updatedAt: ctx.now(),
    };
    if (!(await ctx.store.insertCompanyProfile(row))) throw moved();
    return row;
  }
  const key = ctx.dataKeys.unwrapDataKey(keyName(orgNumber), stored.wrappedKey);
  const change = { sealed: sealJson(key, aad(orgNumber), profile), updatedAt: ctx.now() };
  if (!(await ctx.store.updateCompanyProfile(orgNumber, from, change))) throw moved();
  return { ...stored, ...change, version: from + 1 };
}
