import { z } from 'zod';

/** RFC 7009 §2.1 from a public client (RFC 6749 §2.3: it names itself with client_id). */
export const zRevocationRequest = z
  .object({
    token: z.string().min(1).max(2048),
    token_type_hint: z.string().max(100).optional(),
    client_id: z.string().min(1).max(2048),
  })
  .loose();
