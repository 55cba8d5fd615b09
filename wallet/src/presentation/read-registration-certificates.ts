import { OAuthError } from '@min-profil/shared/errors';
import { registrationOfCertificate } from '@min-profil/shared/registration/registration-certificate-claims';
import {
  RegistrationCertificateError,
  verifyRegistrationCertificate,
} from '@min-profil/shared/registration/verify-registration-certificate';
import { REGISTRATION_CERT_FORMAT } from '@min-profil/shared/registration/z-registration-certificate';
import { x509TrustAnchors } from '@min-profil/shared/trust-list/trust-queries';
import type { TrustList, TrustedConsumer } from '@min-profil/shared/trust-list/z-trust-list';
import type { WalletContext } from '../context.js';
import type { StoredRegistrationCertificate } from './z-stored-presentation-request.js';

/**
 * The registration certificates in a signed request's `verifier_info` (OpenID4VP 1.0 §5.1, in
 * the EUDI reference verifier's form `{ format: "registration_cert", data: <rc-wrp+jwt> }`).
 * Entries of other formats are ignored, as §5.1 lets a wallet do. A registration certificate that
 * does not check out (registrar not under a listed CA, revoked, bad signature, expired, about
 * another relying party) refuses the whole request: a verifier sending a false registration is
 * not answered. An unsigned request's `verifier_info` is not read at all: nothing binds it to
 * the asker.
 */
export async function readRegistrationCertificates(
  ctx: Pick<WalletContext, 'crlFetcher' | 'clock'>,
  options: {
    payload: Record<string, unknown>;
    verified: boolean;
    clientId: string;
    consumer: TrustedConsumer | undefined;
    list: TrustList;
  },
): Promise<StoredRegistrationCertificate[]> {
  const info = options.payload.verifier_info;
  if (!options.verified || info === undefined) return [];
  if (!Array.isArray(info) || info.length === 0 || info.length > 20) {
    throw new OAuthError(
      'invalid_request',
      'verifier_info must be a non-empty array (OpenID4VP 1.0 section 5.1)',
    );
  }
  const certificates: StoredRegistrationCertificate[] = [];
  for (const entry of info) {
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof (entry as { format?: unknown }).format !== 'string'
    ) {
      throw new OAuthError('invalid_request', 'each verifier_info entry must be an object with a format');
    }
    const { format, data } = entry as { format: string; data?: unknown };
    if (format !== REGISTRATION_CERT_FORMAT) continue;
    try {
      const payload = await verifyRegistrationCertificate(data, {
        anchors: x509TrustAnchors(options.list),
        crlFetcher: ctx.crlFetcher,
        // About the asker: its client identifier, or its identifier in the trust list.
        subjects: [options.clientId, ...(options.consumer ? [options.consumer.client_id] : [])],
        now: new Date(ctx.clock()),
      });
      const registration = registrationOfCertificate(payload);
      certificates.push({
        name: payload.name,
        purpose: registration.purpose,
        ...(payload.privacy_policy ? { privacyPolicy: payload.privacy_policy } : {}),
        ...(payload.intended_use_id ? { intendedUseId: payload.intended_use_id } : {}),
        credentials: registration.credentials,
      });
    } catch (error) {
      if (error instanceof RegistrationCertificateError) {
        throw new OAuthError(
          'invalid_request',
          `the registration certificate in verifier_info is refused: ${error.message}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }
  return certificates;
}
