/** Cases (docs/cases.md) in the verifier's OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zCaseEventBody, zCaseStop } from './z-case.js';

export const zCase = z
  .object({
    id: z.string(),
    status: z.enum(['asked', 'open', 'declined', 'stopped', 'closed', 'undeliverable']),
    title: z.string(),
    reference: z.string(),
    presentation_request_id: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Case' });

const zCaseEvent = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    type: z.enum(['received', 'in_progress', 'needs_information', 'decision', 'closed']),
    title: z.string().optional(),
    message: z.string().optional(),
    document: z
      .object({
        media_type: z.string(),
        title: z.string(),
        document_hash: z.string(),
        document_hash_alg: z.string(),
      })
      .optional(),
    request_uri: z
      .string()
      .optional()
      .meta({ description: 'needs_information: the request the person answers' }),
    request: z
      .object({ presentation_request_id: z.string(), status: z.string() })
      .optional()
      .meta({ description: 'needs_information: its request and whether it was answered' }),
    delivery: z.object({
      status: z.enum(['pending', 'delivered', 'failed']),
      attempts: z.number().int(),
      last_error: z.string().nullable(),
      delivered_at: z.iso.datetime().nullable(),
    }),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'CaseEvent' });

export const casePaths: PathsSpec = {
  '/api/cases': {
    get: {
      summary: "The consumer's cases, latest activity first (at most 100)",
      responses: { 200: { description: 'OK', json: z.object({ cases: z.array(zCase) }) } },
      errors: { 401: 'invalid_token' },
    },
  },
  '/api/cases/{id}': {
    get: {
      summary: 'One case with its events and their delivery',
      responses: { 200: { description: 'OK', json: zCase.extend({ events: z.array(zCaseEvent) }) } },
      errors: { 401: 'invalid_token', 404: 'unknown_case (also another consumer’s case)' },
    },
  },
  '/api/cases/{id}/events': {
    post: {
      summary:
        'Posts an event of the case: numbered, signed with the consumer key and delivered to the wallet in order',
      body: zCaseEventBody,
      responses: { 201: { description: 'Queued', json: zCaseEvent } },
      errors: {
        400: 'invalid_request (a malformed event or DCQL query)',
        401: 'invalid_token',
        404: 'unknown_case',
        409: 'case_not_open (not opened by the person), case_closed, or case_undeliverable (the wallet refused an earlier event for good)',
        410: 'case_stopped: the person stopped the case',
        413: 'payload_too_large: the document is over the limit',
      },
    },
  },
  '/consumers/{consumerId}/cases/stop': {
    post: {
      summary: 'The wallet tells the consumer that the person stopped a case',
      security: [],
      body: zCaseStop,
      responses: { 200: { description: 'OK', json: z.object({ status: z.string() }) } },
      errors: { 400: 'invalid_request', 404: 'unknown_case' },
    },
  },
};
