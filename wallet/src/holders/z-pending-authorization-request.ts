import { z } from 'zod';

/**
 * What the wallet pushes to the holder when the person opens the start link, as it is kept
 * (JSON text) in `wallet_holder_fetch_start.authorization_request` and checked when read back.
 */
export const zPendingAuthorizationRequest = z.object({
  credentialIssuer: z.string(),
  configurationIds: z.array(z.string()),
  state: z.string(),
  issuerState: z.string().optional(),
  authorizationServer: z.string().optional(),
  /** A sign-in for the holder's usage log (scope `usage_log`), not for credentials. */
  usageLog: z.boolean().optional(),
  /** A sign-in at Mina ombud to manage powers of attorney (scope `mandates`). */
  mandates: z.boolean().optional(),
});

export type PendingAuthorizationRequest = z.infer<typeof zPendingAuthorizationRequest>;
