import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { TemplateCredential } from '../consumers/consumer-config.js';
import type { VerifiedClaims } from '../persistence/entities.js';
import type { Lang } from './html.js';

type Path = Array<string | number | null>;
type Words = Record<string, { sv: string; en: string }>;

/** One filled field of a consumer page: its value, who vouches for it and whether it counts as verified. */
export interface PageField {
  id: string;
  value: string;
  /** The issuer's name, the wallet provider's (every channel verified), or "Uppgett av personen". */
  source: string;
  /** Styled and worded as verified only when an issuer or a wallet provider's proof vouches for it. */
  verified: boolean;
}

export function fieldId(queryId: string, path: Path): string {
  return `f-${queryId}-${path.map((p) => String(p)).join('-')}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Labels of the claims the demo templates ask for. */
const claimLabels: Words = {
  given_name: { sv: 'Förnamn', en: 'Given name' },
  family_name: { sv: 'Efternamn', en: 'Family name' },
  registered_since: { sv: 'Inskriven sedan', en: 'Registered since' },
  personal_identity_number: { sv: 'Personnummer', en: 'Personal identity number' },
  programme: { sv: 'Program', en: 'Programme' },
  courses: { sv: 'Kurser och betyg', en: 'Courses and grades' },
  total_points: { sv: 'Total poäng', en: 'Total points' },
  graduation_date: { sv: 'Examensdatum', en: 'Graduation date' },
  permit_type: { sv: 'Typ av tillstånd', en: 'Permit type' },
  valid_until: { sv: 'Giltigt till', en: 'Valid until' },
  address: { sv: 'Folkbokföringsadress', en: 'Registered address' },
  // Companies and agents (issue #21).
  org_number: { sv: 'Organisationsnummer', en: 'Organisation number' },
  company_name: { sv: 'Företagsnamn', en: 'Company name' },
  role: { sv: 'Roll', en: 'Role' },
  signing_rule: { sv: 'Firmateckning', en: 'Signing rule' },
  euid: { sv: 'EUID', en: 'EUID' },
  legal_name: { sv: 'Registrerat namn', en: 'Legal name' },
  postal_address: { sv: 'Postadress', en: 'Postal address' },
  principal: { sv: 'Fullmaktsgivare', en: 'Principal' },
  agent: { sv: 'Ombud', en: 'Agent' },
  scope: { sv: 'Behörigheter', en: 'Scope' },
  valid_from: { sv: 'Giltigt från', en: 'Valid from' },
};

/** The contact profile's fields (shared/src/contact-profile), named as the wallet names them. */
const profileLabels: Words = {
  address: { sv: 'Adress', en: 'Address' },
  emails: { sv: 'E-post', en: 'E-mail' },
  phones: { sv: 'Telefon', en: 'Phone' },
  preferred_language: { sv: 'Föredraget språk', en: 'Preferred language' },
  contact_preferences: { sv: 'Hur du vill bli kontaktad', en: 'How to contact you' },
};

const channelWords: Words = {
  digital_mailbox: { sv: 'digital brevlåda', en: 'digital mailbox' },
  email: { sv: 'e-post', en: 'e-mail' },
  sms: { sv: 'sms', en: 'text message' },
  paper_post: { sv: 'brev', en: 'paper mail' },
};

const matterWords: Words = {
  decisions: { sv: 'Beslut', en: 'Decisions' },
  payments: { sv: 'Utbetalningar', en: 'Payments' },
  appointments: { sv: 'Bokningar', en: 'Appointments' },
  reminders: { sv: 'Påminnelser', en: 'Reminders' },
  general: { sv: 'Övrigt', en: 'Other' },
};

const languageWords: Words = {
  sv: { sv: 'svenska', en: 'Swedish' },
  en: { sv: 'engelska', en: 'English' },
};

const selfAsserted = { sv: 'Uppgett av personen', en: 'Provided by the person' };

/** The label of a template's claim on the consumer's page. */
export function claimLabel(credential: Pick<TemplateCredential, 'vct'>, path: Path, lang: Lang): string {
  const name = String(path[path.length - 1]);
  const words = credential.vct === contactProfileVct ? profileLabels : claimLabels;
  return words[name]?.[lang] ?? name;
}

/** A claim value as one line (or a few) of form text. */
function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(formatValue).join('; ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('name' in o && 'grade' in o) return `${formatValue(o.name)} (${formatValue(o.grade)})`;
    return Object.values(o).map(formatValue).filter(Boolean).join(', ');
  }
  return String(value);
}

function valueAt(claims: Record<string, unknown>, path: Path): unknown {
  let node: unknown = claims;
  for (const segment of path) {
    if (segment === null || node === null || typeof node !== 'object') return node;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  return node;
}

interface Channel {
  value: string;
  verifiedBy?: string;
}

/** E-mail addresses or phone numbers as the verifier assessed them (assess-contact-channels.ts). */
function readChannels(value: unknown): Channel[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const e = entry as Record<string, unknown>;
    const shown = e.address ?? e.number;
    if (typeof shown !== 'string') return [];
    const by = e.verified === true && typeof e.verified_by === 'string' ? e.verified_by : undefined;
    return [{ value: shown, ...(by ? { verifiedBy: by } : {}) }];
  });
}

function formatAddress(value: unknown, lang: Lang): string {
  if (typeof value !== 'object' || value === null) return '';
  const a = value as Record<string, unknown>;
  const parts = [a.street_address, [a.postal_code, a.locality].filter(Boolean).join(' ')];
  if (a.country && a.country !== 'SE') parts.push(a.country);
  const line = parts.filter(Boolean).join(', ');
  return a.source === 'skatteverket'
    ? `${line} (${lang === 'sv' ? 'enligt Skatteverket' : 'as registered with the Tax Agency'})`
    : line;
}

function formatChannels(list: unknown, lang: Lang): string {
  return Array.isArray(list) ? list.map((c) => channelWords[String(c)]?.[lang] ?? String(c)).join(', ') : '';
}

function formatPreferences(value: unknown, lang: Lang): string {
  if (typeof value !== 'object' || value === null) return '';
  const p = value as { default?: unknown; by_matter?: Record<string, unknown> };
  const lines = [formatChannels(p.default, lang)];
  for (const [matter, channels] of Object.entries(p.by_matter ?? {})) {
    lines.push(`${matterWords[matter]?.[lang] ?? matter}: ${formatChannels(channels, lang)}`);
  }
  return lines.filter(Boolean).join('; ');
}

/** A contact-profile field: self-asserted, except e-mail addresses and numbers a wallet provider proved. */
function profileField(
  name: string,
  value: unknown,
  trustList: TrustList | undefined,
  lang: Lang,
): Omit<PageField, 'id'> {
  const person = { source: selfAsserted[lang], verified: false };
  if (name === 'emails' || name === 'phones') {
    const channels = readChannels(value);
    const providerName = (id: string) =>
      trustList?.wallet_providers?.find((p) => p.id === id)?.name[lang] ?? id;
    const text = channels
      .map((c) =>
        c.verifiedBy
          ? `${c.value} ✓ ${lang === 'sv' ? 'verifierad' : 'verified'}`
          : `${c.value} (${lang === 'sv' ? 'inte verifierad' : 'not verified'})`,
      )
      .join('; ');
    const first = channels[0]?.verifiedBy;
    const allBySame = first !== undefined && channels.every((c) => c.verifiedBy === first);
    return allBySame
      ? { value: text, source: providerName(first), verified: true }
      : { value: text, ...person };
  }
  if (name === 'address') return { value: formatAddress(value, lang), ...person };
  if (name === 'contact_preferences') return { value: formatPreferences(value, lang), ...person };
  if (name === 'preferred_language' && typeof value === 'string') {
    return { value: languageWords[value]?.[lang] ?? value, ...person };
  }
  return { value: formatValue(value), ...person };
}

function issuerName(list: TrustList | undefined, iss: string, lang: Lang): string {
  const issuer = list?.issuers.find((i) => i.credential_issuer === iss || i.did === iss);
  return issuer ? issuer.name[lang] : iss;
}

/** The fields a page fills from a verified answer, per template credential and claim. */
export function pageFields(
  credentials: TemplateCredential[],
  claims: VerifiedClaims,
  trustList: TrustList | undefined,
  lang: Lang,
): PageField[] {
  return credentials.flatMap((credential) => {
    const presented = claims[credential.id]?.[0];
    if (!presented) return [];
    return credential.claims.map((path) => {
      const id = fieldId(credential.id, path);
      const value = valueAt(presented, path);
      // A self-asserted credential (the contact profile) is issued by the person's own key.
      if (credential.vct === contactProfileVct || presented.issuer.startsWith('did:jwk:')) {
        return { id, ...profileField(String(path[path.length - 1]), value, trustList, lang) };
      }
      return {
        id,
        value: formatValue(value),
        source: issuerName(trustList, presented.issuer, lang),
        verified: true,
      };
    });
  });
}
