import { z } from 'zod';
import { zLocalized } from '../openapi/z-localized.js';

/** The consent record's payload as the wallet reads it (docs/consent-records.md, version 1). */
export const zConsentRecordClaims = z
  .object({
    iss: z.string(),
    iat: z.number().int(),
    version: z.literal('1'),
    record_id: z.uuid(),
    nonce: z.string(),
    controller: z
      .object({
        id: z.string(),
        name: zLocalized,
        org_number: z.string(),
        contact: z.object({ email: z.string() }).loose(),
      })
      .loose(),
    purpose: z.string(),
    legal_basis: z.object({ basis: z.string(), article: z.string(), description: zLocalized }).loose(),
    received: z.array(
      z.object({ credential_query_id: z.string(), vct: z.string(), claims: z.array(z.string()) }),
    ),
    received_at: z.iso.datetime(),
    retention: z.object({ seconds: z.number().int().nonnegative(), until: z.iso.datetime() }),
    standing_permission_id: z.string().optional(),
    usage_endpoint: z.url(),
    deletion_endpoint: z.url(),
  })
  .loose();

export type ConsentRecordClaims = z.infer<typeof zConsentRecordClaims>;

/** The consumer's signed answer to an erasure request. */
export const zDeletionAnswerClaims = z
  .object({
    iss: z.string(),
    iat: z.number().int(),
    record_id: z.uuid(),
    status: z.enum(['deleted', 'refused']),
    legal_ground: zLocalized.optional(),
    retained_until: z.iso.datetime().optional(),
    deleted_at: z.iso.datetime().optional(),
  })
  .loose();
