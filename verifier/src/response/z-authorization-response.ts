import { z } from 'zod';
import { zWalletCaseId } from '../cases/z-case.js';

/** docs/standing-permissions.md: chosen by the wallet, base64url, at least 128 bits. */
export const zStandingPermissionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,128}$/, 'base64url, 22-128 characters');

/**
 * What the wallet POSTs to `response_uri` (OpenID4VP 1.0 §8.2, form-encoded): `vp_token` and
 * `state`, or `response` (a JWE) for `direct_post.jwt` (§8.3), or an error response (§8.5).
 */
export const zAuthorizationResponse = z
  .object({
    vp_token: z.string().min(1).optional().meta({
      description: 'JSON object keyed by DCQL credential query id; each value an array of presentations',
    }),
    state: z.string().min(1).max(200).optional(),
    response: z.string().min(1).optional().meta({ description: 'JWE (direct_post.jwt)' }),
    error: z.string().min(1).max(100).optional(),
    error_description: z.string().max(1000).optional(),
    standing_permission_id: zStandingPermissionId
      .optional()
      .meta({ description: 'Grants the request’s standing_permission (base64url, 128+ bits)' }),
    case_id: zWalletCaseId.optional().meta({ description: 'Opens the request’s case (docs/cases.md)' }),
    case_inbox: z.string().max(2000).optional().meta({ description: 'The case inbox URL (docs/cases.md)' }),
  })
  .loose();

export type AuthorizationResponse = z.infer<typeof zAuthorizationResponse>;

/** The decrypted JWE payload of `direct_post.jwt`: the same parameters, `vp_token` as JSON. */
export const zDecryptedResponse = z
  .object({
    vp_token: z.unknown().optional(),
    state: z.string().min(1).max(200).optional(),
    error: z.string().min(1).max(100).optional(),
    error_description: z.string().max(1000).optional(),
    standing_permission_id: zStandingPermissionId.optional(),
    case_id: zWalletCaseId.optional(),
    case_inbox: z.string().max(2000).optional(),
  })
  .loose();

export interface ResponseParameters {
  vpToken?: unknown;
  state?: string;
  error?: string;
  errorDescription?: string;
  standingPermissionId?: string;
  /** docs/cases.md: the wallet opened the request's case. */
  caseId?: string;
  caseInbox?: string;
}
