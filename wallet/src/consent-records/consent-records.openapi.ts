/** Consent records (docs/consent-records.md), for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zLocalized } from '../openapi/z-localized.js';
import { zUse } from './request-erasure.js';
import { zConsentRecordClaims } from './z-consent-record.js';

const zConsentRecord = z
  .object({
    id: z.uuid().meta({ description: 'The wallet’s id of the record' }),
    record_id: z.uuid().meta({ description: 'The consumer’s id of the record' }),
    log_entry_id: z.string().nullable().meta({
      description: 'The share’s entry in GET /api/log (null for a standing permission’s renewed record)',
    }),
    presentation_request_id: z.string().nullable(),
    verifier: z.object({ client_id: z.string(), name: zLocalized.nullable() }),
    ...zConsentRecordClaims.pick({
      controller: true,
      purpose: true,
      legal_basis: true,
      received: true,
      received_at: true,
      retention: true,
    }).shape,
    standing_permission_id: z.string().nullable(),
    record: z.string().meta({ description: 'The signed record (consent-record+jwt) as received' }),
    deletion: z.object({
      state: z.enum(['none', 'requested', 'deleted', 'refused', 'failed']),
      requested_at: z.iso.datetime().nullable(),
      answer: z
        .string()
        .nullable()
        .meta({ description: 'The consumer’s signed answer (deletion-answer+jwt) when deleted or refused' }),
      reason: z.string().nullable().meta({ description: 'Why it failed (a reason code), when failed' }),
      legal_ground: zLocalized.optional().meta({ description: 'A refusal’s legal ground' }),
      retained_until: z.iso.datetime().optional(),
      deleted_at: z.iso.datetime().optional(),
    }),
  })
  .meta({ id: 'ConsentRecord' });

const zIdParam = z.object({ id: z.uuid() });

export const consentRecordPaths: PathsSpec = {
  '/api/consent-records': {
    get: {
      summary:
        'Consent records consumers returned for the person’s shares, newest first, with the state of any erasure request',
      responses: {
        200: { description: 'OK', json: z.object({ consent_records: z.array(zConsentRecord) }) },
      },
      errors: errors(401),
    },
  },
  '/api/consent-records/{id}/usage': {
    get: {
      summary:
        'The consumer’s later uses of what the record covers, read from the consumer with the record’s capability',
      params: zIdParam,
      responses: { 200: { description: 'OK', json: z.object({ uses: z.array(zUse) }) } },
      errors: { ...errors(400, 401, 404, 502), 409: 'The consumer erased what the record covers' },
    },
  },
  '/api/consent-records/{id}/deletion-request': {
    post: {
      summary:
        'Ask the consumer to erase what it received (GDPR Art. 17); keeps its signed confirmation or refusal',
      params: zIdParam,
      responses: {
        200: { description: 'Answered: the record with its erasure state', json: zConsentRecord },
      },
      errors: { ...errors(400, 401, 403, 404, 502), 409: 'Erasure already requested or done' },
    },
  },
};
