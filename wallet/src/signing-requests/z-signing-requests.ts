import { z } from 'zod';

/** `POST /api/signing-requests/{id}`: one signature per input, in order. */
export const zSigningRequestAnswer = z
  .object({
    signatures: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9_-]{86}$/)
          .meta({ description: 'ES256 JWS signature (base64url of r || s, 64 bytes)' }),
      )
      .min(1)
      .max(20),
  })
  .strict();
