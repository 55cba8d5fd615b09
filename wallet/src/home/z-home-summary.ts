import { z } from 'zod';

/** One verifier's request the person opened but has not answered yet, still answerable. */
const zOpenRequest = z.object({
  id: z.string().describe('Open it with `GET /api/presentation-requests/{id}`'),
  verifier: z.object({
    client_id: z.string(),
    /** From the trust list, else the request's own `client_name`; null when neither says. */
    name: z.record(z.string(), z.string()).nullable(),
  }),
  received_at: z.string().describe('ISO 8601'),
  expires_at: z.string().describe('ISO 8601'),
});

/**
 * `GET /api/home`: what the start page needs that no other route lists. Credentials about to
 * expire, failed deliveries and recently used standing permissions come from
 * `GET /api/credentials` and `GET /api/standing-permissions`.
 */
export const zHomeSummary = z.object({
  open_requests: z.array(zOpenRequest),
  /** docs/cases.md: open cases where a body asks the person for something. */
  waiting_cases: z.array(
    z.object({
      id: z.string().describe('Open it with `GET /api/cases/{id}`'),
      title: z.string(),
      consumer: z.object({ name: z.record(z.string(), z.string()).nullable() }),
      last_activity_at: z.string().describe('ISO 8601'),
    }),
  ),
});

export type HomeSummary = z.infer<typeof zHomeSummary>;
