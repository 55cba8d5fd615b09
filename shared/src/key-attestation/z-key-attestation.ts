import { z } from 'zod';

/**
 * Key attestations in JWT form (OID4VCI 1.0 Appendix D.1): a wallet provider says which keys it
 * attests and how they are protected. The media type is `key-attestation+jwt`; oid4vc-ts 0.4
 * still writes the draft name `keyattestation+jwt`, which we read but never write.
 */
export const KEY_ATTESTATION_TYP = 'key-attestation+jwt';
export const KEY_ATTESTATION_TYPS = [KEY_ATTESTATION_TYP, 'keyattestation+jwt'] as const;

/**
 * Attack potential resistance (Appendix D.2, after ISO/IEC 18045) for `key_storage` and
 * `user_authentication`, strongest first. `iso_18045_basic` is the lowest: what a service that
 * keeps keys in software can claim.
 */
export const ISO_18045_LEVELS = [
  'iso_18045_high',
  'iso_18045_moderate',
  'iso_18045_enhanced-basic',
  'iso_18045_basic',
] as const;

const zLevels = z.array(z.string().max(100)).max(20);

export const zKeyAttestationPayload = z
  .object({
    iat: z.number().int(),
    exp: z.number().int(),
    attested_keys: z.array(z.record(z.string(), z.unknown())).min(1).max(100),
    key_storage: zLevels.optional(),
    user_authentication: zLevels.optional(),
    certification: z.string().max(2000).optional(),
    /**
     * Our extension (docs/passkeys.md): who can use the attested keys. Appendix D.2's levels
     * cannot tell service-held keys from keys only the person's passkey unlocks.
     */
    min_profil_key_protection: z.enum(['service', 'passkey']).optional(),
    nonce: z.string().max(500).optional(),
  })
  .loose();

export type KeyAttestationPayload = z.infer<typeof zKeyAttestationPayload>;

/** `proof_types_supported.jwt.key_attestations_required` (OID4VCI 1.0 §12.2.4): empty = any attestation. */
export const zKeyAttestationsRequired = z
  .object({ key_storage: zLevels.optional(), user_authentication: zLevels.optional() })
  .loose();

export type KeyAttestationsRequired = z.infer<typeof zKeyAttestationsRequired>;
