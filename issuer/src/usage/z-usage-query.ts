import { z } from 'zod';

/** `GET /{holder}/usage?cursor&limit`: nothing else (the person is the token's, never a parameter). */
export const zUsageQuery = z
  .object({
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'not a next_cursor from this log')
      .optional(),
    limit: z.coerce
      .number({ error: 'must be a whole number from 1 to 100' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(20),
  })
  .strict();
