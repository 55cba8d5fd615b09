import { z } from 'zod';
import {
  addressSources,
  contactChannels,
  contactMatters,
} from '@min-profil/shared/contact-profile/contact-profile';

/** What `PUT /api/profile` accepts: the editable fields, replaced as a whole. */

const trimmed = (max: number) => z.string().trim().min(1).max(max);

/** Channel orders: each channel at most once. */
const zChannelOrder = z
  .array(z.enum(contactChannels))
  .max(contactChannels.length)
  .refine((list) => new Set(list).size === list.length, 'a channel is listed twice');

export const zProfileAddress = z.object({
  street_address: trimmed(200),
  postal_code: trimmed(20),
  locality: trimmed(100),
  /** ISO 3166-1 alpha-2. */
  country: z
    .string()
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))
    .meta({ description: 'ISO 3166-1 alpha-2' }),
  /** `skatteverket` only when the address is the one from the registered-address credential. */
  source: z.enum(addressSources).optional().meta({
    description:
      'Set by the wallet: `skatteverket` while the address is the one from the registered-address credential and unchanged, else `self`. On PUT, `skatteverket` is refused unless the address is that one; `self` drops the mark.',
  }),
});

const zItemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id');

export const zProfileEmail = z.object({
  id: zItemId.optional(),
  address: z.string().trim().max(254).pipe(z.email()),
});

/** E.164: `+`, country code, at most 15 digits; spaces and dashes typed by people are dropped. */
export const zE164 = z
  .string()
  .max(30)
  .transform((n) => n.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +46701234567'));

export const zProfilePhone = z.object({
  id: zItemId.optional(),
  number: zE164,
});

/** BCP 47 language tag (RFC 5646), the common shape: `sv`, `en`, `sv-SE`, `zh-Hant-TW`. */
export const zLanguageTag = z
  .string()
  .trim()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as sv or en');

export const zContactPreferences = z.object({
  default: zChannelOrder,
  by_matter: z.partialRecord(z.enum(contactMatters), zChannelOrder).optional(),
});

/** No two entries with the same value, nor with the same id where one is given. */
function distinct(list: Array<{ id?: string }>, value: (item: never) => string): boolean {
  const ids = list.flatMap((item) => (item.id === undefined ? [] : [item.id]));
  const values = list.map((item) => value(item as never));
  return new Set(ids).size === ids.length && new Set(values).size === values.length;
}

export const zProfileUpdate = z.object({
  /** When given, the update applies only to this version (409 otherwise). */
  profile_version: z.number().int().min(0).optional().meta({
    description: 'The version this edit was made from; 409 when the profile has moved on',
  }),
  address: zProfileAddress.nullable(),
  emails: z
    .array(zProfileEmail)
    .max(5)
    .refine(
      (list) => distinct(list, (e: { address: string }) => e.address.toLowerCase()),
      'an e-mail address or id is listed twice',
    ),
  phones: z
    .array(zProfilePhone)
    .max(5)
    .refine(
      (list) => distinct(list, (p: { number: string }) => p.number),
      'a phone number or id is listed twice',
    ),
  preferred_language: zLanguageTag.nullable(),
  contact_preferences: zContactPreferences.nullable(),
});
export type ProfileUpdate = z.infer<typeof zProfileUpdate>;

export const zVerifyCode = z.object({ code: z.string().regex(/^\d{6}$/, 'must be 6 digits') });
