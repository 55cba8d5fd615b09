import { z } from 'zod';
import { zPersonalIdentityNumber } from '@min-profil/shared/validation';

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * A register look-up by another body's system (`POST /{holder}/admin/lookups`): who asks,
 * about whom, for which fields, why and on which legal ground. Every member is required: the
 * person reads the purpose and the legal basis in their log.
 */
export const zLookupRequest = z
  .object({
    personal_identity_number: zPersonalIdentityNumber,
    fields: z.array(text(100)).min(1).max(50),
    purpose: text(500),
    legal_basis: text(500),
    requester: z
      .object({
        org_number: z.string().regex(/^\d{6}-\d{4}$/, 'must be an organisation number NNNNNN-NNNN'),
        name: text(200),
        system: text(200),
      })
      .strict(),
  })
  .strict();

export type LookupRequest = z.infer<typeof zLookupRequest>;
