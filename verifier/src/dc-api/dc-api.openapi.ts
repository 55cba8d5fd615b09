/** The Digital Credentials API endpoints (OpenID4VP 1.0 Appendix A), for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zDcApiResponse } from './dc-api.routes.js';

export const dcApiPaths: PathsSpec = {
  '/openid4vp/dc-api/requests/{id}': {
    get: {
      summary:
        'For a dc_api / dc_api.jwt request: what the page hands to navigator.credentials.get (the signed request object by value, protocol openid4vp-v1-signed)',
      security: [],
      responses: {
        200: {
          description: 'The `digital` member of the CredentialRequestOptions',
          json: z.object({
            digital: z.object({
              requests: z.array(z.object({ protocol: z.string(), data: z.object({ request: z.string() }) })),
            }),
          }),
        },
      },
      errors: { 404: 'not_found (or not a Digital Credentials API request)', 410: 'answered or expired' },
    },
  },
  '/openid4vp/dc-api/responses/{id}': {
    post: {
      summary:
        "The page posts the credential's data navigator.credentials.get returned; accepted only from an origin in the request's expected_origins (Origin header), the presentations' audience origin:<origin>",
      security: [],
      body: zDcApiResponse,
      responses: {
        200: {
          description: 'Processed: verified, or the wallet declined',
          json: z.object({ status: z.enum(['verified', 'rejected']) }),
        },
      },
      errors: {
        400: 'invalid_request: another origin, not a Digital Credentials API request, or a rejected presentation (failed_checks)',
        413: 'body too large',
        503: 'temporarily_unavailable: no current trust list; the request is not consumed',
      },
    },
  },
};
