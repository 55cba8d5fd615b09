import { z } from 'zod';

/**
 * `POST /api/dc-api/requests`: a Digital Credentials API request as the browser hands it to a
 * wallet (OpenID4VP 1.0 Appendix A): one entry of `digital.requests` and the origin of the page
 * that called `navigator.credentials.get`, which a platform would assert. The checks that give
 * the person a reason (protocol, origin, signature) are read-dc-api-request.ts's, not zod's.
 */
export const zDcApiRequestBody = z
  .object({
    protocol: z.string().min(1).max(100).meta({
      description:
        'The protocol identifier: openid4vp-v1-signed is answered; openid4vp-v1-unsigned and openid4vp-v1-multisigned are refused (HAIP 1.0 §5.2 needs a signed request)',
    }),
    data: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The request as the page gave it: `{ "request": "<signed request object>" }`' }),
    origin: z.string().min(1).max(2000).meta({
      description:
        "The calling page's origin (scheme://host[:port]) as the browser would assert it; it must be one of the request's expected_origins",
    }),
  })
  .strict();

export type DcApiRequestBody = z.infer<typeof zDcApiRequestBody>;

/** Why a Digital Credentials API request is refused (`reason` beside `invalid_request`). */
export type DcApiRefusal =
  | 'unsupported_protocol'
  | 'unsigned_request'
  | 'invalid_origin'
  | 'origin_not_expected'
  | 'not_dc_api_response_mode';
