/** Holders' usage logs, read through the wallet ("Vem har tagit del?"), for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zLocalized } from '../openapi/z-localized.js';
import { zConnectRequest, zHolderUsageQuery } from './usage.routes.js';
import { zHolderUsagePage } from './z-holder-usage.js';

const zIssuerParam = z.object({ issuerId: z.string() });

export const usagePaths: PathsSpec = {
  '/api/usage/holders': {
    get: {
      summary: 'The holders in the trust list and whether the wallet is connected to each one’s usage log',
      responses: {
        200: {
          description: 'OK',
          json: z.object({
            holders: z.array(
              z.object({
                id: z.string(),
                name: zLocalized,
                connected_at: z.iso.datetime().nullable(),
              }),
            ),
          }),
        },
      },
      errors: errors(401, 503),
    },
  },
  '/api/usage/holders/{issuerId}/connect': {
    post: {
      summary: 'Start connecting to a holder’s usage log (a `usage_log` sign-in at the holder)',
      description:
        'Like /api/holders/{issuerId}/fetch: `authorization_url` is the wallet’s one-time start URL. The holder asks the person (its consent page, then eID) for scope `usage_log` only; the wallet keeps the refresh token (rotated, DPoP-bound, 30 days) sealed, and the callback returns to `return_to?connected=1`. A new connection replaces the old one, whose tokens are revoked at the holder.',
      params: zIssuerParam,
      body: zConnectRequest,
      responses: { 201: { description: 'Created', json: z.object({ authorization_url: z.string() }) } },
      errors: errors(400, 401, 403, 404, 502, 503),
    },
  },
  '/api/usage/holders/{issuerId}': {
    get: {
      summary:
        'One page of the person’s usage log at a connected holder, newest first (as the holder answers it)',
      params: zIssuerParam,
      query: zHolderUsageQuery,
      responses: { 200: { description: 'OK', json: zHolderUsagePage } },
      errors: {
        ...errors(400, 401, 404, 502, 503),
        409: 'The holder no longer accepts the connection (expired or revoked): `access_denied` with `reconnect: true`',
      },
    },
    delete: {
      summary: 'Disconnect: revoke the tokens at the holder (RFC 7009) and forget them',
      params: zIssuerParam,
      responses: {
        200: { description: 'OK', json: z.object({ revoked_at_holder: z.boolean() }) },
      },
      errors: errors(401, 403, 404, 503),
    },
  },
};
