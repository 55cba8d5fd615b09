import { z } from 'zod';

/** Payload of a Status List Token in JWT format (Token Status List, "Status List Token in JWT Format"). */
export const zStatusListJwtPayload = z
  .object({
    sub: z.string().min(1),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().nonnegative().optional(),
    ttl: z.number().positive().optional(),
    iss: z.string().optional(),
    status_list: z
      .object({
        bits: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]),
        lst: z.string().min(1),
        aggregation_uri: z.string().optional(),
      })
      .loose(),
  })
  .loose();

export type StatusListJwtPayload = z.infer<typeof zStatusListJwtPayload>;
