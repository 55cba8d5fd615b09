import { z } from 'zod';
import { zPersonalIdentityNumber } from '../validation.js';

const zDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** A Swedish organisation number, NNNNNN-NNNN. */
const zOrgNumber = z.string().regex(/^\d{6}-\d{4}$/, 'must be an organisation number NNNNNN-NNNN');
const zPurpose = z.string().regex(/^[a-z0-9_.:-]{1,64}$/, 'must be a purpose code (a-z, 0-9, _ . : -)');

/**
 * `POST /ombud/mandates`: the principal (the signed-in person) gives the agent a power of
 * attorney. Behörigheter: the bodies (tredje man, by org number) or `all`, the purposes (purpose
 * codes or credential configuration ids) or `all`; both days of the period are included. The
 * issuer's Mina ombud validates it, and the wallet checks it before passing it on, so a mistyped
 * form never reaches the holder: one schema, so the two cannot drift apart. Who gives it is not
 * a field: it is whoever signed in at Mina ombud.
 */
export const zMandateRequest = z
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

export type MandateRequest = z.output<typeof zMandateRequest>;
