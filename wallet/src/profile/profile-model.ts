import {
  contactProfileClaims,
  type AddressSource,
  type ContactChannel,
  type ContactMatter,
  type ContactProfileClaim,
} from '@min-profil/shared/contact-profile/contact-profile';

/**
 * The contact profile as the wallet keeps it (sealed) and as the API shows it. The credential's
 * claims (docs/standing-permissions.md) are derived from it by `profileClaims`.
 */
export interface ProfileAddress {
  street_address: string;
  postal_code: string;
  locality: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  source: AddressSource;
}

export interface ChannelVerification {
  verified: boolean;
  /** Epoch seconds. */
  verified_at: number | null;
  /** The wallet provider's `channel-verification+jwt`. */
  verification: string | null;
}

export interface ProfileEmail extends ChannelVerification {
  id: string;
  address: string;
}

export interface ProfilePhone extends ChannelVerification {
  id: string;
  /** E.164. */
  number: string;
}

export interface ContactPreferences {
  default: ContactChannel[];
  by_matter?: Partial<Record<ContactMatter, ContactChannel[]>>;
}

export interface StoredProfile {
  address: ProfileAddress | null;
  emails: ProfileEmail[];
  phones: ProfilePhone[];
  preferred_language: string | null;
  contact_preferences: ContactPreferences | null;
}

export const emptyProfile = (): StoredProfile => ({
  address: null,
  emails: [],
  phones: [],
  preferred_language: null,
  contact_preferences: null,
});

/** The AAD that binds the sealed profile to its owner. */
export const profileAad = (accountId: string) => `profile:${accountId}`;

function verificationClaims(item: ChannelVerification) {
  return item.verified && item.verified_at !== null
    ? {
        verified: true,
        verified_at: item.verified_at,
        ...(item.verification ? { verification: item.verification } : {}),
      }
    : { verified: false };
}

/** The profile's claims as the credential carries them; unset claims are left out. */
export function profileClaims(profile: StoredProfile): Partial<Record<ContactProfileClaim, unknown>> {
  return {
    ...(profile.address ? { address: { ...profile.address } } : {}),
    emails: profile.emails.map((e) => ({ address: e.address, ...verificationClaims(e) })),
    phones: profile.phones.map((p) => ({ number: p.number, ...verificationClaims(p) })),
    ...(profile.preferred_language ? { preferred_language: profile.preferred_language } : {}),
    ...(profile.contact_preferences ? { contact_preferences: profile.contact_preferences } : {}),
  };
}

/** Which top-level claims differ between two versions (names only: what the log records). */
export function changedClaims(before: StoredProfile, after: StoredProfile): ContactProfileClaim[] {
  const a = profileClaims(before);
  const b = profileClaims(after);
  return contactProfileClaims.filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]));
}
