import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { CrlFetcher } from '../pki/crl-fetcher.js';
import { validateX5cChain, type X509TrustAnchor } from '../pki/validate-x5c-chain.js';
import { X509ChainError } from '../pki/x509-chain-error.js';
import {
  REGISTRATION_CERTIFICATE_TYP,
  zRegistrationCertificatePayload,
  type RegistrationCertificatePayload,
} from './z-registration-certificate.js';

/** Why a registration certificate was refused; the message says what, for the person and the logs. */
export class RegistrationCertificateError extends Error {
  constructor(
    readonly code: 'malformed' | 'untrusted_registrar' | 'signature' | 'expired' | 'other_consumer',
    message: string,
  ) {
    super(message);
    this.name = 'RegistrationCertificateError';
  }
}

/** The demo CA's role for registrars (docs/pki.md): `OU=registrar` in the leaf's subject. */
const registrarUnit = 'registrar';

/**
 * Checks a registration certificate: `typ` rc-wrp+jwt; its `x5c` chains to a CA the trust list
 * names, unrevoked, and the leaf is a registrar's (so no verifier can certify itself with its own
 * access certificate); the signature; `exp`; and that it is about the consumer asking (`sub` is
 * one of `subjects`). Returns the payload.
 */
export async function verifyRegistrationCertificate(
  jwt: unknown,
  options: {
    anchors: X509TrustAnchor[];
    crlFetcher: CrlFetcher;
    subjects: readonly string[];
    now: Date;
  },
): Promise<RegistrationCertificatePayload> {
  if (typeof jwt !== 'string' || jwt.split('.').length !== 3) {
    throw new RegistrationCertificateError('malformed', 'the registration certificate is not a compact JWS');
  }
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jwt) as Record<string, unknown>;
  } catch {
    throw new RegistrationCertificateError(
      'malformed',
      'the registration certificate header does not decode',
    );
  }
  if (header.typ !== REGISTRATION_CERTIFICATE_TYP) {
    throw new RegistrationCertificateError(
      'malformed',
      `the registration certificate's typ is not ${REGISTRATION_CERTIFICATE_TYP}`,
    );
  }
  let publicJwk: JWK;
  try {
    const chain = await validateX5cChain(header.x5c, options.anchors, {
      crlFetcher: options.crlFetcher,
      now: options.now,
    });
    if (!chain.leaf.subjectName.getField('OU').includes(registrarUnit)) {
      throw new RegistrationCertificateError(
        'untrusted_registrar',
        `the registration certificate is signed by ${chain.leaf.subject}, which is not a registrar`,
      );
    }
    publicJwk = chain.publicJwk as JWK;
  } catch (error) {
    if (error instanceof X509ChainError) {
      throw new RegistrationCertificateError(
        'untrusted_registrar',
        `the registrar's certificate is refused (${error.code}): ${error.message}`,
      );
    }
    throw error;
  }
  let payload: unknown;
  try {
    const verified = await compactVerify(jwt, await importJWK(publicJwk, 'ES256'), { algorithms: ['ES256'] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    throw new RegistrationCertificateError(
      'signature',
      "the registration certificate's signature does not verify with the registrar's key",
    );
  }
  const parsed = zRegistrationCertificatePayload.safeParse(payload);
  if (!parsed.success) {
    throw new RegistrationCertificateError(
      'malformed',
      `the registration certificate's content is malformed at ${parsed.error.issues[0]?.path.join('.') || 'the top'}`,
    );
  }
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  if (parsed.data.exp !== undefined && parsed.data.exp <= nowSeconds) {
    throw new RegistrationCertificateError('expired', 'the registration certificate has expired');
  }
  if (!options.subjects.includes(parsed.data.sub)) {
    throw new RegistrationCertificateError(
      'other_consumer',
      'the registration certificate is about another relying party than the one asking',
    );
  }
  return parsed.data;
}
