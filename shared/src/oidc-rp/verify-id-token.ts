import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { OidcRpError } from './oidc-rp-error.js';
import type { OidcProviderMetadata } from './z-provider-metadata.js';

export interface VerifyIdTokenOptions {
  metadata: OidcProviderMetadata;
  idToken: string;
  clientId: string;
  expectedNonce: string;
  clockToleranceSeconds: number;
}

/** One remote key set per jwks_uri, so keys are cached and refetched only on an unknown kid. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(jwksUri: string): ReturnType<typeof createRemoteJWKSet> {
  let keySet = keySets.get(jwksUri);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(jwksUri));
    keySets.set(jwksUri, keySet);
  }
  return keySet;
}

/** ID token validation, OIDC Core 1.0 §3.1.3.7. */
export async function verifyIdToken(options: VerifyIdTokenOptions): Promise<JWTPayload> {
  const { metadata } = options;
  // §3.1.3.7 (6–8): signed with one of the provider's announced algorithms, never `none`.
  const algorithms = metadata.id_token_signing_alg_values_supported.filter((alg) => alg !== 'none');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(options.idToken, keySetFor(metadata.jwks_uri), {
      issuer: metadata.issuer, // (2)
      audience: options.clientId, // (3)
      algorithms,
      requiredClaims: ['sub', 'iat', 'exp', 'nonce'], // (9, 10)
      clockTolerance: options.clockToleranceSeconds,
    }));
  } catch (cause) {
    if (cause instanceof errors.JOSEError && !(cause instanceof errors.JWKSTimeout)) {
      throw new OidcRpError('id_token_invalid', `the ID token is not valid (${cause.code})`, { cause });
    }
    throw new OidcRpError('id_token_invalid', "the provider's keys could not be fetched", {
      code: 'temporarily_unavailable',
      cause,
    });
  }
  // (4, 5): with several audiences, azp must be this client.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== options.clientId) {
    throw new OidcRpError('id_token_invalid', 'the ID token is meant for another client (azp)');
  }
  if (payload.azp !== undefined && payload.azp !== options.clientId) {
    throw new OidcRpError('id_token_invalid', 'the ID token is meant for another client (azp)');
  }
  // (11): the nonce binds the ID token to this sign-in.
  if (payload.nonce !== options.expectedNonce) {
    throw new OidcRpError('id_token_invalid', 'the ID token nonce does not match this sign-in');
  }
  return payload;
}
