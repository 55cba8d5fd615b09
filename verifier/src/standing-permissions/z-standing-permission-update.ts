import { z } from 'zod';
import { zStandingPermissionId } from '../response/z-authorization-response.js';

/**
 * `POST {update_endpoint}` (docs/standing-permissions.md): a change (`vp_token`, one SD-JWT+KB
 * of the profile) or a withdrawal (`withdrawal`, a JWS by the holder key), never both.
 */
export const zStandingPermissionUpdate = z
  .object({
    standing_permission_id: zStandingPermissionId,
    vp_token: z
      .string()
      .min(1)
      .max(128 * 1024)
      .optional()
      .meta({ description: 'SD-JWT+KB of the profile (KB-JWT aud = client_id, nonce = c_nonce)' }),
    identity_token: z
      .string()
      .min(1)
      .max(128 * 1024)
      .optional()
      .meta({
        description:
          'SD-JWT+KB of an identity credential, same c_nonce and aud; required on the first update of a wallet-started permission (contract version 2), ignored otherwise',
      }),
    withdrawal: z
      .string()
      .min(1)
      .max(8 * 1024)
      .optional()
      .meta({ description: 'JWS (typ standing-permission-withdrawal+jwt) by the holder key' }),
  })
  .loose()
  .refine((b) => (b.vp_token === undefined) !== (b.withdrawal === undefined), {
    message: 'give exactly one of vp_token and withdrawal',
    path: ['vp_token'],
  })
  .refine((b) => b.identity_token === undefined || b.vp_token !== undefined, {
    message: 'identity_token goes with a vp_token, not a withdrawal',
    path: ['identity_token'],
  });

export type StandingPermissionUpdate = z.infer<typeof zStandingPermissionUpdate>;

/** The non-disclosable members of a contact profile version. */
export const zProfileVersionClaims = z
  .object({
    profile_version: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    change_id: z.string().min(1).max(200),
  })
  .loose();
