import { z } from 'zod';

/** A passkey-protected account's DPoP key, made in the page beside the holder keys. */
export const zDpopKeyId = z.string().min(1).max(100).optional().meta({
  description:
    'Passkey-protected accounts, when keys_needed said dpop_key: one more key the page made (POST /api/holder-keys) for the DPoP proofs of this issuance (RFC 9449); the page signs them',
});

/** `POST /api/credential-offers`: an `openid-credential-offer://` link, or the offer's https URI. */
export const zCredentialOfferRequest = z
  .object({
    offer: z
      .string()
      .trim()
      .min(1)
      .max(16_384)
      .meta({ description: 'openid-credential-offer://… or the offer URI' }),
    tx_code: z.string().trim().min(1).max(64).optional(),
    /** For offers that need sign-in at the issuer: where /oid4vci/callback sends the browser back. */
    return_to: z.string().max(500).optional().meta({
      description: 'Offers with the authorization_code grant: same-origin path /oid4vci/callback returns to',
    }),
    holder_key_ids: z.array(z.string().min(1).max(100)).min(1).max(20).optional().meta({
      description:
        'Passkey-protected accounts: the holder keys the page made for this offer (POST /api/holder-keys), as many as keys_needed said',
    }),
    dpop_key_id: zDpopKeyId,
  })
  .strict();

export type CredentialOfferRequest = z.infer<typeof zCredentialOfferRequest>;

/**
 * `POST /api/credential-offers/{id}/accept`: `confirm_holder: true` says the person confirms a
 * credential that names no holder is theirs (needed only for such credentials).
 */
export const zAcceptOfferRequest = z
  .object({
    confirm_holder: z.boolean().optional().meta({
      description:
        'The person confirms that credentials naming no holder are about them (needed only for those)',
    }),
  })
  .strict();
