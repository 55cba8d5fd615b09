/** Personal access tokens, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zCreateToken } from './tokens.routes.js';

const zToken = z
  .object({
    id: z.string(),
    name: z.string(),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime().nullable(),
    token: z
      .string()
      .optional()
      .meta({ description: 'Only in the answer to POST /api/tokens: `mpw_…`, shown once' }),
  })
  .meta({ id: 'Token' });

export const tokenPaths: PathsSpec = {
  '/api/tokens': {
    get: {
      summary: 'Personal access tokens',
      responses: { 200: { description: 'OK', json: z.object({ tokens: z.array(zToken) }) } },
      errors: { 401: 'invalid_token' },
    },
    post: {
      summary: 'Create a personal access token (returned once)',
      description:
        'Only with the signed-in session (cookie and X-CSRF-Token): a personal access token cannot create tokens (403 insufficient_scope).',
      body: zCreateToken,
      bodyRequired: false,
      responses: { 201: { description: 'Created', json: zToken } },
      errors: {
        400: 'invalid_request',
        401: 'invalid_token',
        403: 'CSRF, or a personal access token (`insufficient_scope`)',
      },
    },
  },
  '/api/tokens/{id}': {
    delete: {
      summary: 'Delete a token',
      responses: { 204: 'Deleted' },
      errors: { 401: 'invalid_token', 403: 'Missing or wrong X-CSRF-Token', 404: 'not_found' },
    },
  },
};
