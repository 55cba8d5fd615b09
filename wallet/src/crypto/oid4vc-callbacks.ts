import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, type JWK } from 'jose';
import { clientAuthenticationNone, type CallbackContext, type Jwk } from '@openid4vc/oauth2';
import { OAuthError } from '@min-profil/shared/errors';
import type { SafeFetch } from '../http/safe-fetch.js';

/**
 * The crypto and fetch callbacks `@openid4vc/*` asks for (oid4vc-ts's CallbackContext).
 * Signing uses the holder keys given for this one operation, found by JWK thumbprint.
 */
export function createClientCallbacks(options: {
  fetch: SafeFetch;
  clientId: string;
  signingKeys?: Array<{ publicJwk: JWK; privateKey: KeyObject }>;
  /** How the wallet authenticates at PAR and token; default: a public client naming itself. */
  clientAuthentication?: CallbackContext['clientAuthentication'];
  /**
   * DPoP proofs signed in the page (page-dpop.ts): a `dpop+jwt` is taken from here, never
   * signed by the service.
   */
  pageDpop?: (payload: Record<string, unknown>) => string;
}): Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'> {
  return {
    fetch: options.fetch,
    hash: (data, alg) => createHash(alg.replace('-', '')).update(data).digest(),
    generateRandom: (length) => randomBytes(length),
    clientAuthentication:
      options.clientAuthentication ?? clientAuthenticationNone({ clientId: options.clientId }),
    signJwt: async (signer, jwt) => {
      if (signer.method !== 'jwk') {
        throw new OAuthError('server_error', `the wallet signs only with jwk signers, not ${signer.method}`);
      }
      if (options.pageDpop && jwt.header.typ === 'dpop+jwt') {
        return { jwt: options.pageDpop(jwt.payload as Record<string, unknown>), signerJwk: signer.publicJwk };
      }
      const wanted = await calculateJwkThumbprint(signer.publicJwk as JWK, 'sha256');
      for (const key of options.signingKeys ?? []) {
        if ((await calculateJwkThumbprint(key.publicJwk, 'sha256')) !== wanted) continue;
        const compact = await new SignJWT(jwt.payload as Record<string, unknown>)
          .setProtectedHeader(jwt.header as { alg: string })
          .sign(key.privateKey);
        return { jwt: compact, signerJwk: signer.publicJwk as Jwk };
      }
      throw new OAuthError('server_error', 'no holder key for the requested signer');
    },
  };
}
