/** Consent records (docs/consent-records.md), for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import {
  zConsumerRecord,
  zDeletionAnswer,
  zNewUse,
  zRecordIdParam,
  zRecordParams,
  zUsage,
  zUse,
} from './z-consent-records.js';

const capability =
  'The record’s capability as `Authorization: Bearer <capability>` (from the `direct_post` answer)';
const capabilityErrors = {
  400: 'invalid_request: a malformed consumer or record id',
  401: 'invalid_token: no record with this capability (wrong, or spent by an erasure)',
  403: 'access_denied: the record is another consumer’s',
};

export const consentRecordPaths: PathsSpec = {
  '/consumers/{consumerId}/records/{recordId}/usage': {
    get: {
      summary: 'The consumer’s later uses of what the record covers, newest first (at most 100)',
      description: capability,
      security: [],
      params: zRecordParams,
      responses: { 200: { description: 'OK', json: zUsage } },
      errors: capabilityErrors,
    },
  },
  '/consumers/{consumerId}/records/{recordId}/deletion-request': {
    post: {
      summary:
        'Erasure request (GDPR Art. 17): a signed confirmation, or a signed refusal naming the legal ground',
      description: capability,
      security: [],
      params: zRecordParams,
      responses: { 200: { description: 'Answered', json: zDeletionAnswer } },
      errors: capabilityErrors,
    },
  },
  '/api/consent-records': {
    get: {
      summary: 'Your latest 100 consent records (field names, terms, state; no values)',
      responses: {
        200: { description: 'OK', json: z.object({ consent_records: z.array(zConsumerRecord) }) },
      },
      errors: { 401: 'invalid_token' },
    },
  },
  '/api/consent-records/{id}/usage': {
    get: {
      summary: 'The uses logged for one of your records',
      params: zRecordIdParam,
      responses: { 200: { description: 'OK', json: zUsage } },
      errors: { 401: 'invalid_token', 404: 'not_found (also for another consumer’s record)' },
    },
    post: {
      summary: 'Report a use your own system made of what the record covers (field names only)',
      params: zRecordIdParam,
      body: zNewUse,
      responses: { 201: { description: 'Logged', json: zUse } },
      errors: { 400: 'invalid_request', 401: 'invalid_token', 404: 'not_found' },
    },
  },
};
