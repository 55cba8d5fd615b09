import { z } from 'zod';

const zParty = z
  .object({
    given_name: z.string().optional(),
    family_name: z.string().optional(),
    personal_identity_number: z.string().optional(),
    coordination_number: z.string().optional(),
  })
  .loose();

/** One grant as Mina ombud describes it. */
export const zMandateGrant = z
  .object({
    id: z.string(),
    principal: zParty,
    agent: zParty,
    scope: z.object({
      relying_parties: z.union([z.literal('all'), z.array(z.string())]),
      purposes: z.union([z.literal('all'), z.array(z.string())]),
    }),
    valid_from: z.string(),
    valid_until: z.string(),
    status: z.enum(['active', 'not_yet_valid', 'expired', 'revoked']),
    created_at: z.string(),
    revoked_at: z.string().optional(),
  })
  .loose();

export const zMandateList = z.object({ given: z.array(zMandateGrant), received: z.array(zMandateGrant) });

export const zOmbudSignInRequest = z
  .object({ return_to: z.string().max(500).optional().meta({ description: 'Same-origin path' }) })
  .strict();

/** A grant id in a path: Mina ombud's are UUIDs. */
export const zMandateId = z.string().regex(/^[0-9a-f-]{36}$/i, 'not a power of attorney id');
