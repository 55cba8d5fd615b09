import { z } from 'zod';

export const zPresentationRequestBody = z.object({ request: z.string().trim().min(1).max(16_384) }).strict();

/**
 * `POST /api/presentation-requests/{id}/response`. `claims` narrows, per DCQL credential query
 * id, the claims sent (names as in the request view: path segments joined with dots); without
 * it exactly what was asked is sent. `credentials` picks which held credential answers a query
 * when several match. `standing` answers a request's `standing_permission`.
 */
export const zPresentationResponseBody = z
  .object({
    decision: z.enum(['approve', 'decline']),
    claims: z.record(z.string().max(200), z.array(z.string().max(300)).max(100)).optional(),
    credentials: z.record(z.string().max(200), z.string().max(100)).optional(),
    /**
     * Only when the request asks for a standing permission: true grants it (the consumer gets
     * later changes until withdrawn), false (the default) shares once.
     */
    standing: z.boolean().optional(),
  })
  .strict();

export type PresentationResponseBody = z.infer<typeof zPresentationResponseBody>;
