import { z } from 'zod';

export const zPresentationRequestBody = z
  .object({ request: z.string().trim().min(1).max(16_384).meta({ description: 'openid4vp://…' }) })
  .strict();

/**
 * `POST /api/presentation-requests/{id}/response`. `claims` narrows, per DCQL credential query
 * id, the claims sent (names as in the request view: path segments joined with dots); without
 * it exactly what was asked is sent. `credentials` picks which held credential answers a query
 * when several match. `standing` answers a request's `standing_permission`.
 */
export const zPresentationResponseBody = z
  .object({
    decision: z.enum(['approve', 'decline']),
    claims: z
      .record(z.string().max(200), z.array(z.string().max(300)).max(100))
      .optional()
      .meta({ description: 'Per DCQL query id, the claim names to send (a subset of what was asked)' }),
    credentials: z.record(z.string().max(200), z.string().max(100)).optional().meta({
      description: 'Per DCQL query id, which held credential answers it (default: the first match)',
    }),
    /**
     * Only when the request asks for a standing permission: true grants it (the consumer gets
     * later changes until withdrawn), false (the default) shares once.
     */
    standing: z.boolean().optional().meta({
      description:
        'Only for a request with standing_permission: true grants it (standing_permission_id goes with the answer); false or absent shares once',
    }),
    /** Only when the request asks to open a case (docs/cases.md): true opens it, false declines that part alone. */
    case: z.boolean().optional().meta({
      description:
        'Only for a request with case: true opens the case (case_id and case_inbox go with the answer); false or absent shares without it',
    }),
  })
  .strict();

export type PresentationResponseBody = z.infer<typeof zPresentationResponseBody>;
