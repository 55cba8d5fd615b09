import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';

/**
 * A company's standing permissions and their deliveries sit in the person's tables under an
 * owner id no account id can take (account ids are UUIDs), as its data key does: they belong
 * to the company, not to the signatory who granted them, so closing that signatory's account
 * leaves them and any current signatory manages them.
 */
const prefix = 'company:';

export const companyOwnerId = (orgNumber: string): string => `${prefix}${orgNumber}`;

/** The org number a permission's owner id names, or undefined for a person's account. */
export function orgNumberOfOwner(ownerId: string): string | undefined {
  return ownerId.startsWith(prefix) ? ownerId.slice(prefix.length) : undefined;
}

/** The profile `vct` a permission of this owner shares, for the log. */
export const profileVctOfOwner = (ownerId: string): string =>
  orgNumberOfOwner(ownerId) ? companyContactProfileVct : contactProfileVct;
