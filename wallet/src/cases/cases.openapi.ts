/** "Mina ärenden" (docs/cases.md): the wallet API's parts, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zLocalized } from '../openapi/z-localized.js';
import { zCaseInboxBody } from './z-case-event.js';

const time = z.iso.datetime();

const zCaseSummary = z.object({
  id: z.string(),
  title: z.string(),
  reference: z.string(),
  consumer: z.object({ id: z.string(), client_id: z.string(), name: zLocalized.nullable() }),
  status: z.enum(['open', 'stopped', 'closed']),
  waiting_for_me: z.boolean().meta({ description: 'Open, with an information request not yet answered' }),
  presentation_request_ids: z.array(z.string()).meta({
    description:
      'The wallet’s presentation requests whose answers belong to the case: the share that opened it, then each answer given from it',
  }),
  last_event: z.object({ type: z.string(), seq: z.number().int(), at: time }).nullable(),
  decision: z.object({ title: z.string().nullable() }).nullable(),
  opened_at: time,
  last_activity_at: time,
  stopped_at: time.nullable(),
  log_thread: z.string().meta({
    description:
      'The `thread` of the case’s entries in the person’s log (GET /api/log): the share that opened it, each event, each answer, the stop',
  }),
});

const zTimelineItem = z
  .object({
    kind: z.enum(['shared', 'event', 'answered', 'stopped']),
    at: time.nullable(),
  })
  .loose()
  .meta({
    description:
      'shared: the share that opened the case; event: { seq, type, title, message, document?, answer? }; answered: the person answered an information request (in_reply_to); stopped',
  });

const zCase = zCaseSummary.extend({ timeline: z.array(zTimelineItem) });

export const casePaths: PathsSpec = {
  '/api/cases': {
    get: {
      summary: 'The person’s cases across bodies, newest activity first, and how many wait for the person',
      responses: {
        200: {
          description: 'OK',
          json: z.object({
            cases: z.array(zCaseSummary),
            waiting: z.number().int().meta({ description: 'The badge' }),
          }),
        },
      },
      errors: errors(401),
    },
  },
  '/api/cases/{id}': {
    get: {
      summary: 'One case with its timeline',
      responses: { 200: { description: 'OK', json: zCase } },
      errors: errors(401, 404),
    },
  },
  '/api/cases/{id}/stop': {
    post: {
      summary: 'Stop the case: no more events are taken, and the consumer is told',
      responses: {
        200: { description: 'OK', json: zCase.extend({ consumer_told: z.boolean() }) },
      },
      errors: { ...errors(401, 403, 404), 409: 'the case is stopped or closed already' },
    },
  },
  '/api/cases/{id}/events/{eventId}/answer': {
    post: {
      summary:
        'Open the information request of a needs_information event: answer it like any request (POST /api/presentation-requests/{id}/response)',
      responses: {
        201: {
          description: 'The request, as POST /api/presentation-requests shows it',
          json: z.record(z.string(), z.unknown()),
        },
      },
      errors: { ...errors(400, 401, 403, 404), 409: 'the case is not open' },
    },
  },
  '/api/cases/{id}/events/{eventId}/document': {
    get: {
      summary: 'The document of a decision (its hash is signed in the event)',
      responses: { 200: { description: 'The document (application/pdf)' } },
      errors: errors(401, 404),
    },
  },
  '/case-inbox/{capability}': {
    post: {
      summary:
        'A case inbox (docs/cases.md): the consumer delivers one signed case event (its capability in the URL picks the case)',
      security: [],
      body: zCaseInboxBody,
      responses: {
        200: {
          description: 'Applied, or a duplicate of an applied event',
          json: z.object({ status: z.enum(['applied', 'duplicate']), seq: z.number().int() }),
        },
      },
      errors: {
        400: 'invalid_case_event: bad signature (not the consumer’s key in the trust list), another case, malformed, document hash mismatch',
        404: 'unknown_case',
        409: 'case_event_out_of_order (also a replay under another id) or case_closed',
        410: 'case_stopped: the person stopped the case',
        413: 'payload_too_large: the document is over the limit',
        503: 'temporarily_unavailable: no trust list to check the event against',
      },
    },
  },
};
