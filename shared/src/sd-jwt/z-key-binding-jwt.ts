import { z } from 'zod';

/** KB-JWT header (RFC 9901 §4.3): `typ` must be `kb+jwt`. */
export const zKeyBindingJwtHeader = z
  .object({
    typ: z.literal('kb+jwt'),
    alg: z.string(),
  })
  .loose();

/** KB-JWT payload (RFC 9901 §4.3) plus OpenID4VP 1.0's transaction data members (§8.4, B.3.3). */
export const zKeyBindingJwtPayload = z
  .object({
    iat: z.number().int().nonnegative(),
    aud: z.string().min(1),
    nonce: z.string().min(1),
    sd_hash: z.string().min(1),
    transaction_data_hashes: z.array(z.string()).min(1).optional(),
    transaction_data_hashes_alg: z.string().optional(),
  })
  .loose();

export type KeyBindingJwtHeader = z.infer<typeof zKeyBindingJwtHeader>;
export type KeyBindingJwtPayload = z.infer<typeof zKeyBindingJwtPayload>;
