import { z } from 'zod';
import { zHttpsUrl } from '../validation.js';

/**
 * The parts of an OpenID provider's metadata (OIDC Discovery 1.0 §3, RFC 8414 §2) this
 * relying party uses. Providers add their own members, so the schema is loose.
 */
export const zOidcProviderMetadata = z
  .object({
    issuer: zHttpsUrl,
    authorization_endpoint: zHttpsUrl,
    token_endpoint: zHttpsUrl,
    jwks_uri: zHttpsUrl,
    userinfo_endpoint: zHttpsUrl.optional(),
    response_types_supported: z.array(z.string()),
    scopes_supported: z.array(z.string()).optional(),
    claims_supported: z.array(z.string()).optional(),
    id_token_signing_alg_values_supported: z.array(z.string()).min(1),
    token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
    code_challenge_methods_supported: z.array(z.string()).optional(),
    authorization_response_iss_parameter_supported: z.boolean().optional(),
  })
  .loose();

export type OidcProviderMetadata = z.infer<typeof zOidcProviderMetadata>;

/** The token endpoint's success response (RFC 6749 §5.1, OIDC Core 1.0 §3.1.3.3). */
export const zTokenResponse = z
  .object({
    id_token: z.string().min(1),
    access_token: z.string().min(1),
    token_type: z.string(),
    expires_in: z.number().optional(),
    scope: z.string().optional(),
  })
  .loose();

export type TokenResponse = z.infer<typeof zTokenResponse>;

/** The token endpoint's error response (RFC 6749 §5.2). */
export const zTokenErrorResponse = z
  .object({ error: z.string(), error_description: z.string().optional() })
  .loose();
