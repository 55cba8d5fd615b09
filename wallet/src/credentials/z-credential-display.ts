import { z } from 'zod';

/** Locale → text, e.g. `{ sv: 'Inskrivningsintyg', en: 'Registration certificate' }`. */
const zLocalized = z.record(z.string(), z.string());

export type Localized = z.infer<typeof zLocalized>;

/**
 * What the wallet shows for a credential type (no claim values), as it is kept in
 * `wallet_credential.display` and checked when read back.
 */
export const zCredentialDisplay = z.object({
  name: zLocalized,
  description: zLocalized,
  background_color: z.string().optional(),
  text_color: z.string().optional(),
  /** The trust list's name for the issuer; its address when it is not on the list. */
  issuer_name: zLocalized,
  /** What an issuer not on the trust list calls itself in its metadata (never shown as its name). */
  issuer_claimed_name: zLocalized.optional(),
  claims: z.array(
    z.object({ path: z.array(z.union([z.string(), z.number(), z.null()])), label: zLocalized }),
  ),
});

export type CredentialDisplay = z.infer<typeof zCredentialDisplay>;
