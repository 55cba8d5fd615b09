import { z } from 'zod';
import {
  addressSources,
  contactChannels,
  contactMatters,
  contactProfileClaims,
  type ContactProfileClaim,
} from './contact-profile.js';
import { companyContactProfileClaims, type CompanyContactProfileClaim } from './company-contact-profile.js';

/**
 * The shape of each disclosable contact-profile claim (docs/standing-permissions.md), so a
 * consumer stores and forwards only what the contract describes. Every claim may be `null`:
 * the wallet discloses an empty field as null, which clears it in the consumer's copy.
 */
const text = (max: number) => z.string().min(1).max(max);
const epoch = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** The wallet provider's proof JWS; checked (signature) only after the shape passed. */
const verification = z.string().min(1).max(4096);
const channels = z.array(z.enum(contactChannels)).max(contactChannels.length);

const zAddress = z
  .object({
    street_address: text(200),
    postal_code: text(20),
    locality: text(100),
    country: z.string().regex(/^[A-Z]{2}$/),
    source: z.enum(addressSources).optional(),
  })
  .strict();

const zEmail = z
  .object({
    address: z.email().max(254),
    verified: z.boolean().optional(),
    verified_at: epoch.optional(),
    verification: verification.optional(),
  })
  .strict();

const zPhone = z
  .object({
    // E.164: a plus and at most 15 digits, no leading zero.
    number: z.string().regex(/^\+[1-9][0-9]{1,14}$/),
    verified: z.boolean().optional(),
    verified_at: epoch.optional(),
    verification: verification.optional(),
  })
  .strict();

// BCP 47 language tag, coarsely: a 2-8 letter primary subtag and alphanumeric subtags.
const zLanguage = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/);

const zContactPreferences = z
  .object({
    default: channels,
    by_matter: z.partialRecord(z.enum(contactMatters), channels).optional(),
  })
  .strict();

export const zContactProfileClaim: Record<ContactProfileClaim, z.ZodType> = {
  address: zAddress.nullable(),
  emails: z.array(zEmail).max(5).nullable(),
  phones: z.array(zPhone).max(5).nullable(),
  preferred_language: zLanguage.nullable(),
  contact_preferences: zContactPreferences.nullable(),
};

/** The company contact profile's claims: a person's, plus the address for official mail. */
export const zCompanyContactProfileClaim: Record<CompanyContactProfileClaim, z.ZodType> = {
  address: zAddress.nullable(),
  official_mail_address: zAddress.nullable(),
  emails: z.array(zEmail).max(5).nullable(),
  phones: z.array(zPhone).max(5).nullable(),
  preferred_language: zLanguage.nullable(),
};

/** As invalidContactProfileClaims, for the company contact profile's claims. */
export function invalidCompanyContactProfileClaims(
  claims: Record<string, unknown>,
): CompanyContactProfileClaim[] {
  return companyContactProfileClaims.filter(
    (name) =>
      Object.hasOwn(claims, name) && !zCompanyContactProfileClaim[name].safeParse(claims[name]).success,
  );
}

/**
 * The names of the given contact-profile claims whose value does not have the contract's
 * shape (claims that are not contact-profile claims are not looked at). Only names are
 * returned, never values, so callers can say which claim failed without echoing it.
 */
export function invalidContactProfileClaims(claims: Record<string, unknown>): ContactProfileClaim[] {
  return contactProfileClaims.filter(
    (name) => Object.hasOwn(claims, name) && !zContactProfileClaim[name].safeParse(claims[name]).success,
  );
}
