import { z } from 'zod';
import { preAuthorizedGrantType } from '../metadata/authorization-server-metadata.js';

const short = z.string().min(1).max(2048);

/** RFC 6749 §4.1.3 + RFC 7636 §4.5: authorization code with PKCE. */
export const zAuthorizationCodeTokenRequest = z
  .object({
    grant_type: z.literal('authorization_code'),
    code: short,
    redirect_uri: short.optional(),
    code_verifier: z.string().max(128).optional(),
    client_id: short.optional(),
  })
  .loose();

/** OID4VCI 1.0 §6.1: pre-authorized code grant. */
export const zPreAuthorizedTokenRequest = z
  .object({
    grant_type: z.literal(preAuthorizedGrantType),
    'pre-authorized_code': short,
    tx_code: z.string().max(64).optional(),
    client_id: short.optional(),
    authorization_details: z.string().max(8192).optional(),
  })
  .loose();

/** RFC 6749 §6: refresh (usage_log grants only; a public client names itself). */
export const zRefreshTokenRequest = z
  .object({
    grant_type: z.literal('refresh_token'),
    refresh_token: short,
    client_id: short.optional(),
    scope: short.optional(),
  })
  .loose();

export const zTokenRequest = z.discriminatedUnion('grant_type', [
  zAuthorizationCodeTokenRequest,
  zPreAuthorizedTokenRequest,
  zRefreshTokenRequest,
]);

export type TokenRequest = z.infer<typeof zTokenRequest>;
export const supportedGrantTypes = ['authorization_code', preAuthorizedGrantType, 'refresh_token'];
