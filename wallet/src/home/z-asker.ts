import { z } from 'zod';
import { zLocalized } from '../openapi/z-localized.js';

/** `GET /api/asker?request=…`: the link to name the asker of. */
export const zAskerQuery = z.object({
  request: z
    .string()
    .min(1)
    .max(8192)
    .meta({ description: 'An openid4vp:// link (or the wallet link carrying one)' }),
});

/** Who the link says is asking, from the trust list; null when it names no listed consumer. */
export const zAsker = z.object({ name: zLocalized.nullable() });
