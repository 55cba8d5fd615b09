import { decodeJwt, decodeProtectedHeader, type JWK, type JWTHeaderParameters } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import { verifyCompactJwtSignature } from '@min-profil/shared/sd-jwt/jws';
import { isSdJwtError } from '@min-profil/shared/sd-jwt/sd-jwt-error';

export const proofType = 'openid4vci-proof+jwt';
export const proofAlgorithms = ['ES256', 'ES384', 'EdDSA'];

export interface VerifiedProof {
  /** The holder's public key the credential is bound to. */
  jwk: JWK;
  nonce: string | undefined;
  /** The header's `key_attestation` (Appendix D), unverified: the caller checks it. */
  keyAttestation?: unknown;
}

/** Resolves a DID URL in a proof's `kid` to a public JWK (did:jwk, did:key). */
export type ResolveHolderKid = (kid: string) => Promise<JWK>;

/**
 * OID4VCI 1.0 Appendix F.1: a `jwt` proof of possession. Checks typ, alg, key, signature,
 * `aud` (the credential issuer) and `iat`; the nonce is returned for the caller to consume.
 */
export async function verifyProofJwt(options: {
  jwt: string;
  issuerUrl: string;
  now: number;
  maxAge: number;
  resolveKid: ResolveHolderKid;
}): Promise<VerifiedProof> {
  const { jwt, issuerUrl, now, maxAge } = options;
  let header: JWTHeaderParameters;
  try {
    header = decodeProtectedHeader(jwt) as JWTHeaderParameters;
  } catch {
    throw new OAuthError('invalid_proof', 'the proof is not a JWT');
  }
  if (header.typ !== proofType) throw new OAuthError('invalid_proof', `proof typ must be "${proofType}"`);
  if (!header.alg || !proofAlgorithms.includes(header.alg)) {
    throw new OAuthError('invalid_proof', `proof alg must be one of ${proofAlgorithms.join(', ')}`);
  }
  // F.1: exactly one of jwk, kid, x5c identifies the key.
  const keyRefs = [header.jwk, header.kid, header.x5c].filter((v) => v !== undefined);
  if (keyRefs.length !== 1)
    throw new OAuthError('invalid_proof', 'proof header needs exactly one of jwk, kid, x5c');
  if (header.x5c)
    throw new OAuthError(
      'invalid_proof',
      'x5c proof keys are not supported; use jwk or a did:jwk/did:key kid',
    );

  let jwk: JWK;
  if (header.jwk) {
    if ('d' in header.jwk)
      throw new OAuthError('invalid_proof', 'the proof jwk must not contain a private key');
    jwk = header.jwk;
  } else {
    try {
      jwk = await options.resolveKid(header.kid!);
    } catch {
      throw new OAuthError('invalid_proof', 'the proof kid could not be resolved (did:jwk and did:key are)');
    }
  }

  // The signature with node:crypto on the imported key (shared/sd-jwt/jws: synchronous, keys
  // imported once); then the claims jose's jwtVerify checked: aud, exp and nbf with 60 s leeway.
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(jwt);
    await verifyCompactJwtSignature({ jwt, key: jwk, invalidCode: 'invalid_signature', what: 'the proof' });
  } catch (cause) {
    if (isSdJwtError(cause) && cause.code === 'invalid_signature' && cause.cause instanceof TypeError) {
      throw new OAuthError('invalid_proof', 'the proof key is not usable');
    }
    const code = isSdJwtError(cause) ? 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' : 'ERR_JWT_INVALID';
    throw new OAuthError('invalid_proof', `the proof did not verify: ${code}`);
  }
  const aud = payload.aud;
  if (!(aud === issuerUrl || (Array.isArray(aud) && aud.includes(issuerUrl)))) {
    throw new OAuthError('invalid_proof', `proof aud must be the credential issuer ${issuerUrl}`);
  }
  if (payload.exp !== undefined && (typeof payload.exp !== 'number' || now >= payload.exp + 60)) {
    throw new OAuthError('invalid_proof', 'the proof did not verify: ERR_JWT_EXPIRED');
  }
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || now + 60 < payload.nbf)) {
    throw new OAuthError('invalid_proof', 'the proof did not verify: ERR_JWT_CLAIM_VALIDATION_FAILED');
  }

  const iat = payload.iat;
  if (typeof iat !== 'number') throw new OAuthError('invalid_proof', 'proof iat is required');
  if (iat > now + 60) throw new OAuthError('invalid_proof', 'proof iat is in the future');
  if (iat < now - maxAge) throw new OAuthError('invalid_proof', `proof iat is older than ${maxAge} seconds`);
  const nonce = typeof payload.nonce === 'string' ? payload.nonce : undefined;
  const { kid: _kid, ...publicJwk } = jwk;
  return {
    jwk: publicJwk,
    nonce,
    ...(header.key_attestation === undefined ? {} : { keyAttestation: header.key_attestation }),
  };
}
