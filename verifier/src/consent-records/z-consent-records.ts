import { z } from 'zod';

export const zRecordParams = z.object({
  consumerId: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .meta({ description: 'The consumer id' }),
  recordId: z.uuid().meta({ description: 'The consent record id (`record_id`)' }),
});

export const zRecordIdParam = z.object({ id: z.uuid().meta({ description: 'The consent record id' }) });

export const zUse = z
  .object({
    at: z.iso.datetime(),
    action: z.string().meta({
      description:
        '`viewed` (staff read it), `sent` (to the consumer’s own system), or the consumer’s own word',
    }),
    fields: z
      .array(z.string())
      .meta({ description: 'Field names (`<credential query id>.<claim>`), never values' }),
    purpose: z.string().nullable(),
  })
  .meta({ id: 'ConsentRecordUse' });

export const zUsage = z.object({ record_id: z.uuid(), uses: z.array(zUse) });

/** The consumer's system reports a use of what a record covers. */
export const zNewUse = z
  .object({
    action: z.string().regex(/^[a-z_]{1,40}$/),
    fields: z.array(z.string().min(1).max(200)).max(100).default([]),
    purpose: z.string().min(1).max(500).optional(),
  })
  .strict();

export const zDeletionAnswer = z.object({
  record_id: z.uuid(),
  status: z.enum(['deleted', 'refused']),
  answer: z
    .string()
    .meta({ description: 'The signed answer (`deletion-answer+jwt`, docs/consent-records.md)' }),
});

export const zConsumerRecord = z.object({
  id: z.uuid(),
  presentation_request_id: z.string().nullable(),
  standing_permission_id: z.string().nullable(),
  fields: z.array(
    z.object({ credential_query_id: z.string(), vct: z.string(), claims: z.array(z.string()) }),
  ),
  status: z.enum(['active', 'deleted', 'deletion_refused']),
  issued_at: z.iso.datetime(),
  expires_at: z.iso.datetime(),
  deletion_requested_at: z.iso.datetime().nullable(),
});
