import { z } from 'zod';
import { requestFields } from '../presentation-request/z-create-presentation-request.js';

/** Largest document an approval may carry (bytes): the wallet fetches at most 512 KiB. */
export const MAX_DOCUMENT_BYTES = 384 * 1024;

/** The document to approve: a PDF (base64) or a JSON object. */
export const zApprovalDocument = z.discriminatedUnion('media_type', [
  z
    .object({
      media_type: z.literal('application/pdf'),
      content_base64: z
        .base64()
        .max(Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 4)
        .meta({ description: 'The PDF, base64 (at most 384 KiB).' }),
    })
    .strict(),
  z
    .object({
      media_type: z.literal('application/json'),
      content: z.record(z.string(), z.unknown()).meta({
        description: 'Served as JSON.stringify(content, null, 2), which is what is hashed.',
      }),
    })
    .strict(),
]);

/** `POST /api/approval-requests`: the document, its title, and who must approve it (DCQL or template). */
export const zCreateApprovalRequest = z
  .object({
    title: z.string().min(1).max(300).meta({ description: 'What the person is asked to approve.' }),
    document: zApprovalDocument,
    ...requestFields,
  })
  .strict()
  .refine((r) => (r.dcql_query === undefined) !== (r.template === undefined), {
    message: 'give exactly one of dcql_query and template',
    path: ['dcql_query'],
  })
  .refine((r) => r.template !== undefined || r.purpose !== undefined, {
    message: 'purpose is required with a dcql_query',
    path: ['purpose'],
  });

export type CreateApprovalRequest = z.infer<typeof zCreateApprovalRequest>;

/** `POST /api/approval-receipts/verify`. */
export const zVerifyReceiptBody = z
  .object({
    receipt: z
      .string()
      .min(1)
      .max(64 * 1024),
  })
  .strict();
