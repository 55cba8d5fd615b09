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
    // A pre-authorized offer is a bearer link: without a tx_code, whoever opens it first gets
    // the credential (OID4VCI 1.0 §13.6). So a code is the default; none must be asked for.
    tx_code: z.boolean().default(true),
  })
  .strict();

export type CreateOfferRequest = z.infer<typeof zCreateOfferRequest>;
