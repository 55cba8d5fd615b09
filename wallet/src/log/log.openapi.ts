/** The person's log and the overview, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zLocalized } from '../openapi/z-localized.js';
import { zLogQuery } from './log.routes.js';

const zLogEntry = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    event: zLogQuery.shape.event.unwrap(),
    counterparty: z.string().meta({ description: 'Issuer identifier or verifier client_id' }),
    counterparty_name: zLocalized.nullable().meta({
      description:
        "The trust list's name for an issuer or consumer on it (it wins over any stored name); an issuer not on it goes by its address",
    }),
    counterparty_trusted: z.boolean().nullable().meta({
      description: 'Is the counterparty on the trust list? null when the entry has no outside counterparty',
    }),
    credential_types: z.array(z.string()),
    claims: z.array(z.string()).meta({ description: 'Claim names, never values' }),
    claim_labels: z.array(zLocalized.nullable()).meta({
      description:
        'One per claim name: its display name from the type metadata kept with a credential of that type the person holds, read when the log is read; null when the wallet keeps none (e.g. the type is no longer held)',
    }),
    purpose: zLocalized.nullable(),
    outcome: z.string(),
    thread: z.string().nullable().meta({
      description:
        'The case the entry belongs to (docs/cases.md): the same value on the share that opened it, its events, the answers to its information requests and the stop (the case’s `log_thread`); null for an entry of no case',
    }),
  })
  .meta({ id: 'LogEntry' });

const zHeldCredential = z.object({
  id: z.string(),
  name: zLocalized,
  vct: z.string().nullable(),
  received_at: z.iso.datetime(),
});

const zOverview = z.object({
  holders: z
    .array(
      z.object({
        id: z.string(),
        name: zLocalized,
        trusted: z.boolean(),
        credential_issuer: z.string(),
        credential_types: z.array(z.object({ type: z.string(), name: zLocalized.optional() })),
        held_credentials: z.array(zHeldCredential),
        last_issuance: z.iso.datetime().nullable(),
      }),
    )
    .meta({
      description:
        "The trust list's issuers (`trusted: true`), then, by address, each issuer not on the list that the wallet holds credentials from (`trusted: false`)",
    }),
  shared_with: z
    .array(
      z.object({
        client_id: z.string(),
        name: zLocalized.nullable(),
        shares: z.array(
          zLogEntry.pick({
            at: true,
            claims: true,
            claim_labels: true,
            credential_types: true,
            purpose: true,
            outcome: true,
          }),
        ),
      }),
    )
    .meta({ description: 'Each verifier the person shared with, and each share (from the log)' }),
});

export const logPaths: PathsSpec = {
  '/api/log': {
    get: {
      summary: 'The person’s log (newest first); `format=csv` or `format=json` downloads it',
      query: zLogQuery,
      responses: {
        200: {
          description: 'OK',
          json: z.object({
            entries: z.array(zLogEntry),
            next_cursor: z.string().optional().meta({
              description: 'When more entries follow: pass it as `cursor` for the next page',
            }),
          }),
          media: { 'text/csv': z.string() },
        },
      },
      errors: errors(400, 401),
    },
    delete: {
      summary: 'Delete the whole log (only the person can)',
      responses: { 200: { description: 'OK', json: z.object({ deleted: z.number().int() }) } },
      errors: errors(401, 403),
    },
  },
  '/api/overview': {
    get: {
      summary: 'Which bodies hold data about me, what I have shared, with whom and when',
      responses: { 200: { description: 'OK', json: zOverview } },
      errors: errors(401),
    },
  },
};
