/** The wallet API's contact profile (GET/PUT /api/profile, see /api/openapi.json). */
export const channels = ['digital_mailbox', 'email', 'sms', 'paper_post'] as const;
export type Channel = (typeof channels)[number];
export const matters = ['decisions', 'payments', 'appointments', 'reminders', 'general'] as const;
export type Matter = (typeof matters)[number];

export interface Address {
  street_address: string;
  postal_code: string;
  locality: string;
  country: string;
  source?: 'skatteverket' | 'self';
}

export interface VerifiedEntry {
  id: string;
  verified: boolean;
  verified_at: string | null;
}

export interface ContactPreferences {
  default: Channel[];
  by_matter?: Partial<Record<Matter, Channel[]>>;
}

export interface ProfileView {
  profile_version: number;
  updated_at: string | null;
  profile: {
    address: Address | null;
    emails: Array<VerifiedEntry & { address: string }>;
    phones: Array<VerifiedEntry & { number: string }>;
    preferred_language: string | null;
    contact_preferences: ContactPreferences | null;
  };
  address_suggestion:
    (Omit<Address, 'source'> & { source: 'skatteverket'; credential_id: string; adopted: boolean }) | null;
  /** The registered address's holder, by the trust list's name (the issuer's own definition). */
  address_source_name: Record<string, string> | null;
  can_send_codes: boolean;
  demo_outbox_url: string | null;
  changed?: string[];
}

/** The form's state: entries keep their id (and so their verification) while unchanged. */
export interface ProfileForm {
  address: Omit<Address, 'source'>;
  emails: Array<{ key: string; id?: string; value: string }>;
  phones: Array<{ key: string; id?: string; value: string }>;
  preferred_language: string;
  default: Channel[];
  by_matter: Partial<Record<Matter, Channel[]>>;
}

let keys = 0;
export const newKey = () => `entry-${++keys}`;

export function formFrom(view: ProfileView): ProfileForm {
  const { profile } = view;
  return {
    address: {
      street_address: profile.address?.street_address ?? '',
      postal_code: profile.address?.postal_code ?? '',
      locality: profile.address?.locality ?? '',
      country: profile.address?.country ?? 'SE',
    },
    emails: profile.emails.map((e) => ({ key: newKey(), id: e.id, value: e.address })),
    phones: profile.phones.map((p) => ({ key: newKey(), id: p.id, value: p.number })),
    preferred_language: profile.preferred_language ?? '',
    default: profile.contact_preferences?.default ?? [],
    by_matter: profile.contact_preferences?.by_matter ?? {},
  };
}

/** Swedish habit: 070-123 45 67 means +46 70 123 45 67. */
export function toE164(value: string): string {
  const compact = value.replace(/[\s()-]/g, '');
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  if (/^0\d/.test(compact)) return `+46${compact.slice(1)}`;
  return compact;
}

export const sameAddress = (a: Omit<Address, 'source'>, b: Omit<Address, 'source'>) =>
  a.street_address.trim() === b.street_address.trim() &&
  a.postal_code.trim() === b.postal_code.trim() &&
  a.locality.trim() === b.locality.trim() &&
  a.country.trim().toUpperCase() === b.country.trim().toUpperCase();

/** The PUT body; `addressSource` asks for the Skatteverket mark when adopting. */
export function updateBody(form: ProfileForm, version: number, addressSource?: 'skatteverket') {
  const a = form.address;
  const empty = !a.street_address.trim() && !a.postal_code.trim() && !a.locality.trim();
  return {
    profile_version: version,
    address: empty ? null : { ...a, ...(addressSource ? { source: addressSource } : {}) },
    emails: form.emails
      .filter((e) => e.value.trim())
      .map((e) => ({ ...(e.id ? { id: e.id } : {}), address: e.value.trim() })),
    phones: form.phones
      .filter((p) => p.value.trim())
      .map((p) => ({ ...(p.id ? { id: p.id } : {}), number: toE164(p.value) })),
    preferred_language: form.preferred_language || null,
    contact_preferences:
      form.default.length === 0 && Object.keys(form.by_matter).length === 0
        ? null
        : { default: form.default, by_matter: form.by_matter },
  };
}
