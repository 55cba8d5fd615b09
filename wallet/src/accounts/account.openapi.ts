/** The person's own account (export and closing), for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zLocalized } from '../openapi/z-localized.js';
import { zCloseRequest } from './account.routes.js';

export const accountPaths: PathsSpec = {
  '/api/account/export': {
    get: {
      summary: 'Everything the wallet keeps about the person, as one JSON document (GDPR Art. 20)',
      description:
        '`{ format: "min-profil-wallet-export", version: 1, exported_at, account, profile, credentials (each with its issued `copies`), log, consent_records (each with its `capability`), standing_permissions, approvals, holder_connections }`. Sent as a download (Content-Disposition: attachment).',
      responses: { 200: { description: 'OK', json: z.record(z.string(), z.unknown()) } },
      errors: errors(401),
    },
  },
  '/api/account/close': {
    post: {
      summary:
        'Close the account: withdraw standing permissions (consumers told), revoke holder sign-ins, delete every row',
      description:
        'Waits up to `accountClosingWaitSeconds` for the consumers to confirm the withdrawals; `told: false` names one that did not. Open cases are stopped and their consumers told. The session ends (its cookie is cleared). Export first: nothing can be recovered afterwards.',
      body: zCloseRequest,
      responses: {
        200: {
          description: 'Closed',
          json: z.object({
            withdrawn: z.array(
              z.object({ client_id: z.string(), name: zLocalized.nullable(), told: z.boolean() }),
            ),
            holders: z.array(
              z.object({ credential_issuer: z.string(), name: zLocalized.nullable(), revoked: z.boolean() }),
            ),
            cases: z.array(z.object({ case_id: z.string(), title: z.string(), told: z.boolean() })),
            erasure: z.array(
              z.object({
                client_id: z.string(),
                name: zLocalized,
                state: z.enum(['none', 'requested', 'deleted', 'refused', 'failed']),
              }),
            ),
            deleted: z.record(z.string(), z.number().int()),
          }),
        },
      },
      errors: errors(400, 401, 403),
    },
  },
};
