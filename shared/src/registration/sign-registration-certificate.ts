import { importJWK, SignJWT, type JWK } from 'jose';
import { withoutTrustAnchor } from '../pki/without-trust-anchor.js';
import {
  REGISTRATION_CERTIFICATE_TYP,
  type RegistrationCertificateClaims,
} from './z-registration-certificate.js';

/**
 * Signs a registration certificate (`rc-wrp+jwt`) with the registrar's key; `x5c` carries the
 * registrar's certificate chain without the trust anchor (HAIP 1.0 §4.4.1).
 */
export async function signRegistrationCertificate(options: {
  claims: RegistrationCertificateClaims;
  registrarPrivateJwk: JWK;
  registrarX5c: readonly string[];
  now?: Date;
  /** Default one year, like the registrar's own certificate. */
  validitySeconds?: number;
}): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const key = await importJWK(options.registrarPrivateJwk, 'ES256');
  return new SignJWT({ ...options.claims })
    .setProtectedHeader({
      alg: 'ES256',
      typ: REGISTRATION_CERTIFICATE_TYP,
      x5c: withoutTrustAnchor(options.registrarX5c),
    })
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.validitySeconds ?? 365 * 24 * 3600))
    .sign(key);
}
