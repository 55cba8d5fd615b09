import { z } from 'zod';

const compactJwt = z
  .string()
  .max(16_384)
  .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'must be a compact JWS');

/** OID4VCI 1.0 §8.2 credential request. */
export const zCredentialRequest = z
  .object({
    credential_identifier: z.string().min(1).max(200).optional(),
    credential_configuration_id: z.string().min(1).max(200).optional(),
    proofs: z
      .object({ jwt: z.array(compactJwt).min(1).max(100) })
      .loose()
      .optional(),
    // Draft-era single proof; accepted for wallets that still send it.
    proof: z
      .object({ proof_type: z.literal('jwt'), jwt: compactJwt })
      .loose()
      .optional(),
    credential_response_encryption: z.unknown().optional(),
  })
  .loose();

export type CredentialRequest = z.infer<typeof zCredentialRequest>;
