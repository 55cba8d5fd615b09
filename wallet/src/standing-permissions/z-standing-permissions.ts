import { z } from 'zod';
import { contactProfileClaims } from '@min-profil/shared/contact-profile/contact-profile';

const zFields = z
  .array(z.enum(contactProfileClaims))
  .min(1)
  .max(contactProfileClaims.length)
  // One order everywhere: the contract's.
  .transform((fields) => contactProfileClaims.filter((claim) => fields.includes(claim)));

/** `POST /api/standing-permissions`: share the profile with consumers from the trust list. */
export const zShareBody = z
  .object({
    /** Trust-list consumer ids (`GET /api/standing-permissions/consumers`). */
    consumers: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(50)
      .meta({ description: 'Trust-list consumer ids' }),
    fields: zFields.meta({ description: 'Limited per consumer to what it is registered for' }),
  })
  .strict();

/** `PATCH /api/standing-permissions/{id}`. */
export const zChangeFieldsBody = z.object({ fields: zFields }).strict();

export type ShareBody = z.infer<typeof zShareBody>;
