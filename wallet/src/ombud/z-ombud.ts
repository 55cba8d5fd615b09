import { z } from 'zod';
import { zPersonalIdentityNumber } from '@min-profil/shared/validation';

const zDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const zOrgNumber = z.string().regex(/^\d{6}-\d{4}$/, 'must be an organisation number NNNNNN-NNNN');
const zPurpose = z.string().regex(/^[a-z0-9_.:-]{1,64}$/, 'must be a purpose code (a-z, 0-9, _ . : -)');

/**
 * A power of attorney the person gives from the wallet (Mina ombud's `POST /ombud/mandates`,
 * checked here first so a mistyped form never reaches the holder). Who gives it is not a field:
 * it is whoever signed in at Mina ombud.
 */
export const zGiveMandate = z
  .object({
    agent: z.object({ personal_identity_number: zPersonalIdentityNumber }).strict(),
    scope: z
      .object({
        relying_parties: z.union([z.literal('all'), z.array(zOrgNumber).min(1).max(50)]),
        purposes: z.union([z.literal('all'), z.array(zPurpose).min(1).max(50)]),
      })
      .strict(),
    valid_from: zDate,
    valid_until: zDate,
  })
  .strict();

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
