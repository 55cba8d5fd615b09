import type { ConsumerRegistration, TrustedConsumer } from '../trust-list/z-trust-list.js';
import type {
  RegisteredCredential,
  RegistrationCertificateClaims,
  RegistrationCertificatePayload,
} from './z-registration-certificate.js';

/**
 * The claims of a registration certificate for one of a consumer's registrations in the trust list
 * (ETSI TS 119 475 names): the registrar certifies what the operator registered, nothing else.
 */
export function registrationCertificateClaims(
  consumer: Pick<TrustedConsumer, 'client_id' | 'name'>,
  registration: ConsumerRegistration,
  options: { privacyPolicy?: string; intendedUseId?: string; country?: string } = {},
): RegistrationCertificateClaims {
  return {
    sub: consumer.client_id,
    name: consumer.name.sv,
    country: options.country ?? 'SE',
    purpose: [
      { lang: 'sv', value: registration.purpose.sv },
      { lang: 'en', value: registration.purpose.en },
    ],
    credentials: registration.credentials.map((c): RegisteredCredential => ({
      format: c.format,
      meta: c.format === 'dc+sd-jwt' ? { vct_values: [c.type] } : { type_values: [[c.type]] },
      claim: c.claims.map((path) => ({ path })),
    })),
    ...(options.privacyPolicy ? { privacy_policy: options.privacyPolicy } : {}),
    ...(options.intendedUseId ? { intended_use_id: options.intendedUseId } : {}),
  };
}

/** The certificate read back as a trust-list registration, to compare and to check a request against. */
export function registrationOfCertificate(payload: RegistrationCertificatePayload): ConsumerRegistration {
  const text = (lang: string) =>
    payload.purpose.find((p) => p.lang === lang)?.value ?? payload.purpose[0]!.value;
  return {
    purpose: { sv: text('sv'), en: text('en') },
    credentials: payload.credentials.flatMap((c) =>
      (c.format === 'dc+sd-jwt'
        ? (c.meta.vct_values ?? [])
        : (c.meta.type_values ?? []).map((t) => t.at(-1)!)
      )
        .filter((type) => type !== undefined)
        .map((type) => ({ format: c.format, type, claims: c.claim.map((x) => x.path) })),
    ),
  };
}

function canonical(registration: ConsumerRegistration): string {
  const credentials = registration.credentials
    .map((c) => JSON.stringify([c.format, c.type, c.claims.map((p) => JSON.stringify(p)).sort()]))
    .sort();
  return JSON.stringify([registration.purpose.sv, registration.purpose.en, credentials]);
}

/**
 * Whether the certificate says what the trust list says about the consumer: its name, and one of
 * its registrations exactly (purpose and every credential type with its claims). The trust list
 * is the operator's current word; a certificate may be older, so where they differ the list wins.
 */
export function certificateAgreesWithTrustList(
  certificate: { name: string; registration: ConsumerRegistration },
  consumer: Pick<TrustedConsumer, 'name' | 'registrations'>,
): boolean {
  if (certificate.name !== consumer.name.sv && certificate.name !== consumer.name.en) return false;
  const certified = canonical(certificate.registration);
  return consumer.registrations.some((r) => canonical(r) === certified);
}
