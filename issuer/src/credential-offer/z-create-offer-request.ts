import { z } from 'zod';
import { parsePersonalNumber } from '@min-profil/shared/personal-number';

/** Body of `POST /{holder}/offers` (the holder's own staff systems). */
export const zCreateOfferRequest = z
  .object({
    personal_identity_number: z
      .string()
      .max(20)
      .refine(
        (v) => parsePersonalNumber(v) !== undefined,
        'not a valid personal identity or coordination number',
      ),
    credential_configuration_ids: z.array(z.string().min(1).max(100)).min(1).max(10),
    tx_code: z.boolean().default(false),
  })
  .strict();

export type CreateOfferRequest = z.infer<typeof zCreateOfferRequest>;
