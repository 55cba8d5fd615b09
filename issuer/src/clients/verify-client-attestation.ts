import {
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import type { CrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import { validateX5cChain, type X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import { X509ChainError } from '@min-profil/shared/pki/x509-chain-error';

export const attestationType = 'oauth-client-attestation+jwt';
export const attestationPopType = 'oauth-client-attestation-pop+jwt';
const algorithms = ['ES256'];
const compactJwt = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface VerifiedClientAttestation {
  /** The attestation's `sub`: the client_id every instance of the wallet shares. */
  clientId: string;
  /** The wallet provider (`iss`), whose certificate names its host. */
  provider: string;
  popJti: string;
  /** Until when the PoP could be accepted at all: how long its `jti` must stay spent. */
  popAcceptableUntil: number;
}

function refuse(description: string): never {
  throw new OAuthError('invalid_client', description, {
    headers: { 'WWW-Authenticate': 'AttestJwtClientAuth' },
  });
}

function header(jwt: string, what: string): ProtectedHeaderParameters {
  try {
    return decodeProtectedHeader(jwt);
  } catch {
    refuse(`the ${what} is not a JWT`);
  }
}

/**
 * OAuth 2.0 Attestation-Based Client Authentication (as OID4VCI 1.0 Appendix E and HAIP use it):
 * the wallet attestation (`OAuth-Client-Attestation`) is signed by the wallet provider with a
 * key whose `x5c` chain ends at a CA the trust list names (revocation checked), the leaf's SAN
 * naming the host of its `iss`; it is unexpired and its `sub` is the client_id the request
 * names. The PoP (`OAuth-Client-Attestation-PoP`) is signed by the attestation's `cnf` key, for
 * this authorization server (`aud`), recent, with a `jti` the caller spends. Any failure is
 * `invalid_client` (401) with the reason.
 */
export async function verifyClientAttestation(options: {
  attestation: string | undefined;
  pop: string | undefined;
  /** The client_id the request names (form `client_id`); the attestation's `sub` must equal it. */
  clientId: string | undefined;
  /** This authorization server's issuer identifier: the PoP's audience. */
  authorizationServer: string;
  now: number;
  popMaxAge: number;
  anchors: X509TrustAnchor[];
  crlFetcher: CrlFetcher;
}): Promise<VerifiedClientAttestation> {
  const { attestation, pop, now } = options;
  if (!attestation || !pop || !compactJwt.test(attestation) || !compactJwt.test(pop)) {
    refuse('OAuth-Client-Attestation and OAuth-Client-Attestation-PoP must each hold one compact JWT');
  }
  const attestationHeader = header(attestation, 'client attestation');
  if (attestationHeader.typ !== attestationType)
    refuse(`the client attestation typ must be "${attestationType}"`);
  if (!attestationHeader.alg || !algorithms.includes(attestationHeader.alg)) {
    refuse('the client attestation must be signed with ES256');
  }
  let claimedIssuer: string;
  try {
    const unverified = JSON.parse(
      Buffer.from(attestation.split('.')[1], 'base64url').toString(),
    ) as JWTPayload;
    claimedIssuer = new URL(String(unverified.iss)).hostname;
  } catch {
    refuse('the client attestation iss must be the wallet provider URL');
  }
  let providerJwk: JWK;
  try {
    ({ publicJwk: providerJwk } = await validateX5cChain(attestationHeader.x5c, options.anchors, {
      expectedHost: claimedIssuer,
      now: new Date(now * 1000),
      crlFetcher: options.crlFetcher,
    }));
  } catch (err) {
    if (err instanceof X509ChainError)
      refuse(`the wallet provider's certificate is not trusted: ${err.message}`);
    throw err;
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(attestation, await importJWK(providerJwk, attestationHeader.alg), {
      typ: attestationType,
      algorithms,
      currentDate: new Date(now * 1000),
      requiredClaims: ['iss', 'sub', 'exp'],
    }));
  } catch (err) {
    refuse(
      (err as { code?: string }).code === 'ERR_JWT_EXPIRED'
        ? 'the client attestation has expired'
        : 'the client attestation is not signed by the key its x5c certifies',
    );
  }
  if (typeof payload.sub !== 'string' || payload.sub !== options.clientId) {
    refuse('the client attestation sub is not the client_id of the request');
  }
  const cnf = payload.cnf as { jwk?: JWK } | undefined;
  if (!cnf?.jwk || typeof cnf.jwk !== 'object' || 'd' in cnf.jwk)
    refuse('the client attestation needs cnf.jwk');

  const popHeader = header(pop, 'client attestation PoP');
  if (popHeader.typ !== attestationPopType)
    refuse(`the client attestation PoP typ must be "${attestationPopType}"`);
  let popPayload: JWTPayload;
  try {
    ({ payload: popPayload } = await jwtVerify(pop, await importJWK(cnf.jwk, popHeader.alg ?? 'ES256'), {
      typ: attestationPopType,
      algorithms,
      audience: options.authorizationServer,
      currentDate: new Date(now * 1000),
      requiredClaims: ['iat', 'jti'],
    }));
  } catch (err) {
    refuse(
      (err as { code?: string }).code === 'ERR_JWT_EXPIRED'
        ? 'the client attestation PoP has expired'
        : 'the client attestation PoP is not signed by the attested key, or is for another server',
    );
  }
  const iat = popPayload.iat!;
  if (iat > now + 60 || iat < now - options.popMaxAge) {
    refuse(`the client attestation PoP iat must be within the last ${options.popMaxAge} seconds`);
  }
  // Drafts up to -04 (and oid4vc-ts 0.4.6) name the client as the PoP's iss; later ones leave it out.
  if (popPayload.iss !== undefined && popPayload.iss !== payload.sub) {
    refuse('the client attestation PoP iss is not the attested client');
  }
  if (typeof popPayload.jti !== 'string' || popPayload.jti.length === 0 || popPayload.jti.length > 256) {
    refuse('the client attestation PoP needs a jti');
  }
  return {
    clientId: payload.sub,
    provider: String(payload.iss),
    popJti: popPayload.jti,
    popAcceptableUntil: iat + options.popMaxAge + 60,
  };
}
