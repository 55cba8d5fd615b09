import { z } from 'zod';

const param = z.string().min(1).max(2048);

/** RFC 6749 §4.1.1 + RFC 7636 + RFC 9396 as OID4VCI 1.0 §5.1 uses them. */
export const zAuthorizationRequest = z
  .object({
    response_type: param,
    client_id: param,
    redirect_uri: param,
    code_challenge: z
      .string()
      .regex(/^[A-Za-z0-9\-._~]{43,128}$/, 'must be a base64url S256 challenge')
      .optional(),
    code_challenge_method: param.optional(),
    scope: param.optional(),
    authorization_details: param.optional(),
    state: z.string().max(1024).optional(),
    issuer_state: z.string().max(1024).optional(),
  })
  .loose();

export type AuthorizationRequestParams = z.infer<typeof zAuthorizationRequest>;

export const zAuthorizationDetails = z
  .array(
    z
      .object({
        type: z.literal('openid_credential'),
        credential_configuration_id: z.string().min(1).max(200),
      })
      .loose(),
  )
  .min(1)
  .max(10);
