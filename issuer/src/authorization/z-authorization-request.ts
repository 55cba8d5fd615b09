import { z } from 'zod';

const param = z.string().min(1).max(2048);

/**
 * The body of a pushed authorization request (RFC 9126 §2.1): RFC 6749 §4.1.1 + RFC 7636 +
 * RFC 9396 as OID4VCI 1.0 §5.1 uses them. `resource` (RFC 8707) is accepted and not needed:
 * each holder is its own authorization server and its tokens are only for itself.
 */
export const zPushedAuthorizationRequest = z
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
    ui_locales: z.string().max(100).optional(),
    request_uri: z.unknown().optional(),
  })
  .loose();

export type PushedAuthorizationRequestParams = z.infer<typeof zPushedAuthorizationRequest>;

/** RFC 9126 §4: the authorization endpoint takes only the client_id and the request_uri. */
export const zAuthorizeQuery = z.object({
  client_id: param,
  request_uri: z
    .string()
    .regex(
      /^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{16,128}$/,
      'must be a request_uri from the PAR endpoint',
    ),
});

/** The consent page's form (a POST with the one-time token the page carried). */
export const zConsentDecision = z.object({
  consent_token: z.string().min(16).max(200),
  decision: z.enum(['continue', 'cancel', 'language']),
  lang: z.enum(['sv', 'en']).optional(),
});

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

export type AuthorizationDetail = z.infer<typeof zAuthorizationDetails>[number];
