/** `response_uri` (OpenID4VP 1.0 §8.2), for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zAuthorizationResponse } from './z-authorization-response.js';

export const responsePaths: PathsSpec = {
  '/openid4vp/responses/{id}': {
    post: {
      summary: 'response_uri: direct_post / direct_post.jwt',
      security: [],
      body: zAuthorizationResponse,
      bodyMediaType: 'application/x-www-form-urlencoded',
      responses: {
        200: {
          description:
            'Processed; `redirect_uri` for same-device flows; `consent_record` for a verified presentation (docs/consent-records.md)',
          json: z.object({
            redirect_uri: z.url().optional(),
            consent_record: z
              .object({
                record: z.string().meta({ description: 'The signed consent record (consent-record+jwt)' }),
                capability: z
                  .string()
                  .meta({ description: 'Secret for the record’s usage and deletion-request endpoints' }),
              })
              .optional(),
          }),
        },
      },
      errors: {
        400: 'invalid_request with failed_checks',
        413: 'body too large',
        503: 'temporarily_unavailable: no current trust list (none published, or past its next_update); the request is not consumed, send the response again later',
      },
    },
  },
};
