/** Standing permissions (docs/standing-permissions.md) in the verifier's OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zStandingPermissionUpdate } from './z-standing-permission-update.js';
import { zListQuery } from './standing-permissions-api.routes.js';

/** `standing_permission` in a created request: what goes into the signed request object. */
export const zStandingPermissionAsk = z
  .object({
    credential_ids: z.array(z.string()),
    update_endpoint: z.url(),
    nonce_endpoint: z.url(),
  })
  .meta({
    id: 'StandingPermissionAsk',
    description:
      'The `standing_permission` parameter put into the signed request object: the wallet may grant updates of these credential queries.',
  });

export const zStandingPermission = z
  .object({
    id: z.string().meta({ description: 'Chosen by the wallet' }),
    status: z.enum(['active', 'withdrawn']),
    consumer: z.string().optional(),
    origin: z
      .enum(['presentation', 'wallet'])
      .optional()
      .meta({ description: 'Granted in a presentation response, or started by the wallet' }),
    fields: z.array(z.string()).meta({
      description:
        'Claims the permission covers, fixed when it starts: those the request asked for, or those the first update of a wallet-started permission disclosed',
    }),
    profile_version: z.number().int(),
    profile: z.record(z.string(), z.unknown()).optional().meta({
      description:
        'The current contact profile as the last applied update disclosed it (a field disclosed as null, left empty by the person, is absent); emails and phones carry `verified` as the verifier found it (a wallet provider proof), plus `verified_by`. Absent once withdrawn: the consumer no longer keeps it (the withdrawal webhook carries the last copy).',
    }),
    whose: z
      .object({
        given_name: z.string().optional(),
        family_name: z.string().optional(),
        number: z.object({ claim: z.string(), value: z.string() }).optional(),
        issuer: z.string(),
        vct: z.string(),
      })
      .nullable()
      .optional()
      .meta({
        description:
          'Whose contact profile it is: the identity credential presented with it at the grant (check profile_subject). null: unknown (contract version 1: a permission granted with the profile alone, or started by the wallet before version 2, which now requires an identity credential). Absent once withdrawn.',
      }),
    profile_vct: z.string().optional().meta({
      description:
        'A company contact profile’s `vct` (`urn:min-profil:company-contact-profile:1`, issue 21); absent for a person’s contact profile',
    }),
    org_number: z.string().nullable().optional().meta({
      description:
        'The company whose contact profile it is: every update must name it; with `profile_vct` only',
    }),
    granted_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    withdrawn_at: z.iso.datetime().optional(),
    presentation_request_id: z.string().optional(),
  })
  .meta({ id: 'StandingPermission' });

const zUpdateAnswer = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('applied'),
      profile_version: z.number().int(),
      consent_record: z.object({ record: z.string(), capability: z.string() }).optional().meta({
        description: 'A renewed consent record when the fields held changed (docs/consent-records.md)',
      }),
    }),
    z.object({ status: z.enum(['duplicate', 'stale', 'withdrawn']) }),
  ])
  .meta({
    description: 'applied (with the version now held), duplicate, stale (older than held) or withdrawn',
  });

export const standingPermissionPaths: PathsSpec = {
  '/api/standing-permissions': {
    get: {
      summary: "The consumer's standing permissions, newest first, with the current profiles",
      query: zListQuery,
      responses: {
        200: {
          description: 'OK',
          json: z.object({
            standing_permissions: z.array(zStandingPermission),
            next_after: z
              .string()
              .optional()
              .meta({ description: 'Present when the page is full: pass it as `after` for the next page' }),
          }),
        },
      },
      errors: {
        400: 'invalid_request: limit out of range, or after is not one of your permissions',
        401: 'invalid_token',
      },
    },
  },
  '/api/standing-permissions/{id}': {
    get: {
      summary: 'One standing permission with the current profile',
      responses: { 200: { description: 'OK', json: zStandingPermission } },
      errors: { 401: 'invalid_token', 404: 'not_found (also for another consumer’s permission)' },
    },
  },
  '/consumers/{consumerId}/standing-permissions/nonce': {
    post: {
      summary: 'A single-use c_nonce (5 minutes) for one update or withdrawal (no body)',
      security: [],
      responses: {
        200: { description: 'OK (Cache-Control: no-store)', json: z.object({ c_nonce: z.string() }) },
      },
      errors: { 404: 'not_found: the consumer takes no standing permissions' },
    },
  },
  '/consumers/{consumerId}/standing-permissions/updates': {
    post: {
      summary: 'The wallet delivers a new profile version, or withdraws the permission',
      security: [],
      body: zStandingPermissionUpdate,
      responses: { 200: { description: 'OK', json: zUpdateAnswer } },
      errors: {
        400: 'invalid_nonce (fetch a new one) or invalid_request (rejected)',
        404: 'unknown_standing_permission',
        410: 'standing_permission_withdrawn',
        413: 'body too large',
        415: 'not application/json',
        503: 'temporarily_unavailable: a new wallet-started permission while the trust list cannot be read (retry)',
      },
    },
  },
};
