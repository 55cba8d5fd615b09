/** The Digital Credentials API handover (OpenID4VP 1.0 Appendix A), for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zPresentationRequest } from '../presentation/presentation.openapi.js';
import { zDcApiRequestBody } from './z-dc-api-request.js';

const zDcApiAnswer = z.union([
  z.object({ status: z.literal('pending') }),
  z.object({
    status: z.literal('answered'),
    protocol: z.literal('openid4vp-v1-signed'),
    data: z.record(z.string(), z.unknown()).meta({
      description:
        'The DigitalCredential `data` to resolve navigator.credentials.get with: dc_api `{ vp_token, state? }` (KB-JWT audience `origin:<origin>`), dc_api.jwt `{ response: <JWE to the request’s key> }`; after a decline `error=access_denied` (encrypted likewise for dc_api.jwt)',
    }),
  }),
]);

export const dcApiPaths: PathsSpec = {
  '/api/dc-api/requests': {
    post: {
      summary: 'Hand over a Digital Credentials API request with the calling page’s origin',
      description:
        'What a platform does for a native wallet, done by a caller for this web wallet (browsers hand navigator.credentials.get only to platform wallets): `{ protocol, data, origin }` as in OpenID4VP 1.0 Appendix A. The signed request object (data.request) is verified by its client identifier prefix as a request by link is; response_mode must be dc_api or dc_api.jwt and origin one of expected_origins. Refused with 400 invalid_request and a `reason`: unsupported_protocol, unsigned_request (openid4vp-v1-unsigned, or no signed request object), invalid_origin, origin_not_expected, not_dc_api_response_mode; nothing is stored. The answer is the request view as POST /api/presentation-requests gives it: the person decides at /present?id={id}.',
      body: zDcApiRequestBody,
      responses: { 201: { description: 'Created', json: zPresentationRequest } },
      errors: errors(400, 401, 403),
    },
  },
  '/api/dc-api/requests/{id}/response': {
    get: {
      summary: 'The answer for the page, once the person has decided (handed over once)',
      responses: {
        200: { description: 'Answered: the credential to hand back', json: zDcApiAnswer },
        202: { description: 'Not decided yet: ask again', json: zDcApiAnswer },
      },
      errors: errors(401, 404, 410),
    },
  },
};
