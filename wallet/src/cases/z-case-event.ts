import { z } from 'zod';

/** Largest decision document the inbox takes (bytes), as the verifier's limit. */
export const MAX_CASE_DOCUMENT_BYTES = 384 * 1024;

/** What a consumer POSTs to a case inbox (docs/cases.md "Delivery"). */
export const zCaseInboxBody = z
  .object({
    event: z
      .string()
      .min(1)
      .max(64 * 1024),
    // Bounded by the body limit; a decoded size over the limit is refused as payload_too_large.
    document: z.base64().optional(),
  })
  .strict();

/** The claims of a case event JWS. */
export const zCaseEventClaims = z
  .object({
    case_id: z.string().min(1).max(200),
    event_id: z.string().min(1).max(200),
    seq: z.number().int().min(1),
    type: z.enum(['received', 'in_progress', 'needs_information', 'decision', 'closed']),
    iat: z.number().int(),
    title: z.string().max(500).optional(),
    message: z.string().max(1000).optional(),
    document: z
      .object({
        media_type: z.literal('application/pdf'),
        title: z.string().min(1).max(300),
        document_hash: z.string().min(1).max(100),
        document_hash_alg: z.literal('sha-256'),
      })
      .optional(),
    request_uri: z.string().max(2000).optional(),
    client_id: z.string().max(2000).optional(),
    request_expires_at: z.number().int().optional(),
  })
  .loose();

export type CaseEventClaims = z.infer<typeof zCaseEventClaims>;
