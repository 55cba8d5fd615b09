import { contactProfileClaims, contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { diplomaAdmissionClaims } from '@min-profil/shared/trust-list/demo-registrations';
import type { ClaimPath } from '@min-profil/shared/trust-list/z-trust-list';
import type { ClientIdPrefix } from './client-identifier.js';
import type { ConsumerProfile } from './consumer-profile.js';
import { guardianContactTemplate } from './guardian-template.js';
import { municipalityPermits } from './representation-templates.js';

/**
 * The data consumers one verifier service hosts. Each has its own client identifier (its
 * did:web under this service), request-object signing key, response encryption key and API
 * key, and named DCQL templates for what it usually asks for. Templates name credential
 * types by their OID4VCI `credential_configuration_id`; the `vct` values come from the trust
 * list (falling back to the demo issuer's URL layout), so no issuer URL is hard-coded here.
 */
export interface LocalizedText {
  sv: string;
  en: string;
}

export interface TemplateCredential {
  /** DCQL credential query id. */
  id: string;
  format: 'dc+sd-jwt';
  /** An issued type: its OID4VCI configuration id (the trust list gives the `vct`). */
  credential_configuration_id?: string;
  /** `{holder}/vct/{typeName}` under the issuer base URL, used when the trust list lacks the type. */
  fallbackVctPath?: string;
  /** A type with a fixed `vct`: self-asserted (no issuer lists it), or the EU PID. */
  vct?: string;
  claims: ClaimPath[];
  /**
   * Claims asked for when the credential has them (DCQL `claim_sets`: all, else `claims` only),
   * so credentials issued before a claim was added still answer (`board_size`, issue #21).
   */
  optionalClaims?: ClaimPath[];
  /** DCQL `multiple`: several credentials of the type answer it (a guardian credential per child). */
  multiple?: boolean;
  /** Shown on the consumer's page next to the fields this credential fills. */
  label: LocalizedText;
}

/**
 * The GDPR Art. 6(1) ground a consumer processes what it receives on (docs/consent-records.md):
 * `basis` one of the six, `article` as a lawyer cites it, `description` for the person.
 */
export interface LegalBasis {
  basis:
    'consent' | 'contract' | 'legal_obligation' | 'vital_interests' | 'public_task' | 'legitimate_interests';
  article: string;
  description: LocalizedText;
}

/**
 * What the consumer does with what it receives for one purpose: the legal basis, how long it
 * keeps it (seconds), and, where a law obliges it to keep it, the ground on which it refuses
 * an erasure request (GDPR Art. 17(3)(b)) and for how long after receipt.
 */
export interface DataTerms {
  legalBasis: LegalBasis;
  retentionSeconds: number;
  mustRetain?: { ground: LocalizedText; seconds: number };
}

/** The controller (GDPR Art. 4(7)) as its consent records name it. */
export interface ControllerDetails {
  orgNumber: string;
  contact: { email: string; phone?: string; url?: string };
}

export interface PresentationTemplate {
  purpose: LocalizedText;
  /** This purpose's own terms; the consumer's `terms` otherwise. */
  terms?: DataTerms;
  credentials: TemplateCredential[];
  /** DCQL `credential_sets` over the credential ids (a choice of identity credentials). */
  credentialSets?: Array<{ options: string[][]; required?: boolean }>;
  /**
   * The credential id whose `child.personal_identity_number` takes the request's `children` as
   * DCQL `values`: the request names the children it is about (issue #20).
   */
  namesChildren?: string;
  /** Ask for a standing permission on these credential query ids (docs/standing-permissions.md). */
  standingPermission?: { credentialIds: string[] };
}

export interface ConsumerConfig {
  id: string;
  name: LocalizedText;
  /** The template its page uses. */
  defaultTemplate: string;
  /**
   * The client identifier its requests use: its did:web (`decentralized_identifier`, the default)
   * or its access certificate (`x509_hash`, `x509_san_dns`; docs/verifier.md). The deployment may
   * override it (`VERIFIER_CLIENT_ID_PREFIXES`).
   */
  clientIdPrefix?: ClientIdPrefix;
  /**
   * `haip` (HAIP 1.0: encrypted responses by default and only those, a KB-JWT for every bound
   * credential) or `openid4vp`, the default (consumer-profile.ts, docs/verifier.md). The
   * deployment may override it (`VERIFIER_CONSUMER_PROFILES`).
   */
  profile?: ConsumerProfile;
  templates: Record<string, PresentationTemplate>;
  /** Who it is, for its consent records (docs/consent-records.md). */
  controller: ControllerDetails;
  /** Terms for a purpose of its own (a DCQL query with `purpose`) and templates without terms. */
  terms: DataTerms;
}

const DAY = 86_400;

const publicTask = (description: LocalizedText, retentionSeconds: number): DataTerms => ({
  legalBasis: { basis: 'public_task', article: 'GDPR Art. 6(1)(e)', description },
  retentionSeconds,
});

const contract = (description: LocalizedText, retentionSeconds: number): DataTerms => ({
  legalBasis: { basis: 'contract', article: 'GDPR Art. 6(1)(b)', description },
  retentionSeconds,
});

const label = (sv: string, en: string): LocalizedText => ({ sv, en });

/** The contact profile, asked for with a standing permission: every later change too. */
function contactProfileTemplate(purpose: LocalizedText): PresentationTemplate {
  return {
    purpose,
    credentials: [
      {
        id: 'contact_profile',
        format: 'dc+sd-jwt',
        vct: contactProfileVct,
        claims: contactProfileClaims.map((name) => [name]),
        label: label('Kontaktprofil', 'Contact profile'),
      },
    ],
    standingPermission: { credentialIds: ['contact_profile'] },
  };
}

// The bodies' names are proper names: the same in English (not "Trygga Insurance").
export const demoConsumers: readonly ConsumerConfig[] = [
  {
    id: 'insurer',
    name: label('Trygga Försäkringar', 'Trygga Försäkringar'),
    defaultTemplate: 'unemployment_claim',
    controller: { orgNumber: '556000-0001', contact: { email: 'dataskydd@trygga.example' } },
    terms: contract(label('Försäkringsavtalet', 'The insurance contract'), 90 * DAY),
    templates: {
      unemployment_claim: {
        purpose: label('Ersättning vid arbetslöshet', 'Unemployment insurance claim'),
        // A paid-out claim is an accounting record: kept 7 years (Bokföringslagen 7 kap. 2 §).
        terms: {
          ...contract(label('Försäkringsavtalet', 'The insurance contract'), 7 * 365 * DAY),
          mustRetain: {
            ground: label(
              'Bokföringslagen (1999:1078) 7 kap. 2 § kräver att underlag för utbetalningar sparas i sju år',
              'The Swedish Bookkeeping Act (1999:1078) ch. 7 s. 2 requires records of payments to be kept for seven years',
            ),
            seconds: 7 * 365 * DAY,
          },
        },
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            credential_configuration_id: 'registration_certificate',
            fallbackVctPath: 'af/vct/registration-certificate',
            claims: [['given_name'], ['family_name'], ['registered_since']],
            label: label('Inskrivningsintyg', 'Registration certificate'),
          },
        ],
      },
      // Approve and sign: who confirms a claim statement (within the registration).
      claim_statement: {
        purpose: label('Bekräftelse av skadeanmälan', 'Confirmation of a claim statement'),
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            credential_configuration_id: 'registration_certificate',
            fallbackVctPath: 'af/vct/registration-certificate',
            claims: [['given_name'], ['family_name'], ['registered_since']],
            label: label('Inskrivningsintyg', 'Registration certificate'),
          },
        ],
      },
    },
  },
  {
    id: 'university',
    name: label('Norrlands universitet', 'Norrlands universitet'),
    defaultTemplate: 'admission',
    controller: { orgNumber: '202100-0002', contact: { email: 'registrator@norrland-uni.example' } },
    terms: publicTask(
      label('Antagning enligt högskoleförordningen', 'Admission under the Higher Education Ordinance'),
      2 * 365 * DAY,
    ),
    templates: {
      admission: {
        purpose: label('Antagning till högskoleutbildning', 'Admission to higher education'),
        credentials: [
          {
            id: 'diploma',
            format: 'dc+sd-jwt',
            credential_configuration_id: 'upper_secondary_diploma',
            fallbackVctPath: 'skola/vct/upper-secondary-diploma',
            claims: diplomaAdmissionClaims,
            label: label('Gymnasieexamen', 'Upper-secondary diploma'),
          },
        ],
      },
    },
  },
  {
    id: 'af-praktik',
    name: label('Arbetsförmedlingen – praktik', 'Swedish Public Employment Service – internships'),
    defaultTemplate: 'internship',
    controller: { orgNumber: '202100-2114', contact: { email: 'dataskydd@arbetsformedlingen.example' } },
    terms: publicTask(
      label('Arbetsförmedlingens uppdrag', 'The Employment Service’s public task'),
      365 * DAY,
    ),
    templates: {
      internship: {
        purpose: label('Ansökan om praktikplats', 'Application for an internship'),
        credentials: [
          {
            id: 'residence_permit',
            format: 'dc+sd-jwt',
            credential_configuration_id: 'residence_permit',
            fallbackVctPath: 'migrationsverket/vct/residence-permit',
            claims: [['given_name'], ['family_name'], ['permit_type'], ['valid_until']],
            label: label('Uppehållstillstånd', 'Residence permit'),
          },
          {
            id: 'work_permit',
            format: 'dc+sd-jwt',
            credential_configuration_id: 'work_permit',
            fallbackVctPath: 'migrationsverket/vct/work-permit',
            claims: [['permit_type'], ['valid_until']],
            label: label('Arbetstillstånd', 'Work permit'),
          },
          {
            id: 'registered_address',
            format: 'dc+sd-jwt',
            credential_configuration_id: 'registered_address',
            fallbackVctPath: 'skatteverket/vct/registered-address',
            claims: [['address']],
            label: label('Folkbokföringsadress', 'Registered address'),
          },
        ],
      },
      // Approve and sign: who approves an internship agreement.
      internship_agreement: {
        purpose: label('Godkännande av praktikavtal', 'Approval of an internship agreement'),
        credentials: [
          {
            id: 'registered_address',
            format: 'dc+sd-jwt',
            credential_configuration_id: 'registered_address',
            fallbackVctPath: 'skatteverket/vct/registered-address',
            claims: [['given_name'], ['family_name'], ['personal_identity_number']],
            label: label('Folkbokföringsadress', 'Registered address'),
          },
        ],
      },
    },
  },
  {
    id: 'school',
    name: label('Solbackens skola', 'Solbackens skola'),
    defaultTemplate: 'contact_profile',
    controller: { orgNumber: '212000-0003', contact: { email: 'dataskydd@solbacken.example' } },
    terms: publicTask(
      label('Skollagen: kontakt med vårdnadshavare', 'The Education Act: contact with guardians'),
      365 * DAY,
    ),
    templates: {
      contact_profile: contactProfileTemplate(
        label('Kontaktuppgifter till vårdnadshavare', 'Contact details of guardians'),
      ),
      guardian_contact: guardianContactTemplate(
        label('Kontaktuppgifter till vårdnadshavare för barnen', "The children's guardians' contact details"),
      ),
    },
  },
  {
    id: 'municipality',
    name: label('Exempelby kommun', 'Exempelby kommun'),
    defaultTemplate: 'contact_profile',
    controller: { orgNumber: '212000-0004', contact: { email: 'dataskydd@exempelby.example' } },
    terms: publicTask(
      label('Kommunens myndighetsutövning', 'The municipality’s exercise of public authority'),
      365 * DAY,
    ),
    templates: {
      contact_profile: contactProfileTemplate(
        label('Kontaktuppgifter för kommunens ärenden', 'Contact details for municipal matters'),
      ),
    },
  },
  {
    id: 'forsakringskassan',
    name: label('Försäkringskassan', 'Swedish Social Insurance Agency'),
    defaultTemplate: 'contact_profile',
    controller: { orgNumber: '202100-5521', contact: { email: 'dataskydd@forsakringskassan.example' } },
    terms: publicTask(label('Socialförsäkringsbalken', 'The Social Insurance Code'), 365 * DAY),
    templates: {
      contact_profile: contactProfileTemplate(
        label('Kontaktuppgifter för beslut och utbetalningar', 'Contact details for decisions and payments'),
      ),
    },
  },
  // Companies and agents at the municipality (issue #21, docs/representation.md).
  municipalityPermits,
];

/** Does any of the consumer's templates ask for a standing permission? */
export function acceptsStandingPermissions(consumer: ConsumerConfig): boolean {
  return Object.values(consumer.templates).some((t) => t.standingPermission !== undefined);
}

/** The terms of one request: its template's, else the consumer's own. */
export function termsOf(consumer: ConsumerConfig, template: string | null): DataTerms {
  return (template !== null ? consumer.templates[template]?.terms : undefined) ?? consumer.terms;
}
