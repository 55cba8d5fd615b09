/**
 * The contact profile: a self-asserted SD-JWT VC the holder issues about itself and shares
 * with public bodies, once or under a standing permission (docs/standing-permissions.md).
 * Wallet and verifier both import these names so the two sides cannot drift apart.
 */

/** `vct` of the contact profile; its `iss` is the `did:jwk` of the holder key. */
export const contactProfileVct = 'urn:min-profil:contact-profile:1';

/** The selectively disclosable claims, each one top-level disclosure (DCQL paths `[name]`). */
export const contactProfileClaims = [
  'address',
  'emails',
  'phones',
  'preferred_language',
  'contact_preferences',
] as const;
export type ContactProfileClaim = (typeof contactProfileClaims)[number];

/** Channels, listed in contact preferences in the person's order of preference. */
export const contactChannels = ['digital_mailbox', 'email', 'sms', 'paper_post'] as const;
export type ContactChannel = (typeof contactChannels)[number];

/** Kinds of matter a body may contact the person about, each with its own channel order. */
export const contactMatters = ['decisions', 'payments', 'appointments', 'reminders', 'general'] as const;
export type ContactMatter = (typeof contactMatters)[number];

/** `source` of the address: pre-filled from Skatteverket and unchanged, or typed in. */
export const addressSources = ['skatteverket', 'self'] as const;
export type AddressSource = (typeof addressSources)[number];

/** JWS `typ` of the wallet provider's proof that an e-mail address or phone number was verified. */
export const channelVerificationTyp = 'channel-verification+jwt';

/** JWS `typ` of the holder's withdrawal of a standing permission. */
export const standingPermissionWithdrawalTyp = 'standing-permission-withdrawal+jwt';

/** Channel kinds a channel verification JWS names. */
export const verifiableChannels = ['email', 'phone'] as const;
export type VerifiableChannel = (typeof verifiableChannels)[number];

/** The `standing_permission` parameter of an OpenID4VP request object. */
export interface StandingPermissionRequest {
  credential_ids: string[];
  update_endpoint: string;
  nonce_endpoint: string;
}
