import { z } from 'zod';

/** Largest decision document (bytes), as for approvals: the wallet takes at most this much. */
export const MAX_CASE_DOCUMENT_BYTES = 384 * 1024;

/** The `case` member of `POST /api/presentation-requests` (docs/cases.md "Asking to open a case"). */
export const zCaseAsk = z
  .object({
    title: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .meta({ description: "Shown to the person, e.g. 'Ersättningsärende 4711'" }),
    reference: z.string().trim().min(1).max(100).meta({ description: "The consumer's own case reference" }),
    events_endpoint_hint: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .meta({ description: 'Where the consumer posts its events from (informational for the wallet)' }),
  })
  .strict();

export type CaseAsk = z.infer<typeof zCaseAsk>;

const message = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .optional()
  .meta({ description: 'A short note to the person' });

/** `POST /api/cases/{id}/events`: one event of the case, by type. */
export const zCaseEventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('received'), message }).strict(),
  z.object({ type: z.literal('in_progress'), message }).strict(),
  z
    .object({
      type: z.literal('needs_information'),
      dcql_query: z.record(z.string(), z.unknown()).meta({ description: 'What is missing, as a DCQL query' }),
      purpose: z.string().trim().min(1).max(500),
      message,
    })
    .strict(),
  z
    .object({
      type: z.literal('decision'),
      title: z.string().trim().min(1).max(300),
      message,
      document: z
        .object({
          media_type: z.literal('application/pdf'),
          title: z.string().trim().min(1).max(300),
          content_base64: z.base64().max(Math.ceil((MAX_CASE_DOCUMENT_BYTES * 4) / 3) + 4),
        })
        .strict()
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal('closed'), message }).strict(),
]);

export type CaseEventBody = z.infer<typeof zCaseEventBody>;

/** The wallet's stop notice at `…/cases/stop`. */
export const zCaseStop = z.object({ case_id: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/) }).strict();

/** The wallet's case members of the authorization response. */
export const zWalletCaseId = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'base64url, 22-128 characters');
