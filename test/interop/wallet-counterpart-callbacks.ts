import { createHash, KeyObject, randomBytes, type X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { compactDecrypt, compactVerify, exportJWK, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  clientAuthenticationAnonymous,
  type CallbackContext,
  type Jwk,
  type JwtSigner,
  type RequestLike,
} from '@openid4vc/oauth2';
import { leafKeyOfChainToAnchor } from './x5c-to-anchor.js';

/**
 * The crypto callbacks oid4vc-ts asks an application for, written with jose as a deployment of
 * the library would: the library decides what to sign and verify, these only do the maths.
 * One signing key per server; `resolveDid` gives the keys of DIDs the server knows; an `x5c`
 * signer is trusted when its chain ends at one of `x509Anchors` (node:crypto checks it).
 */
export async function joseCallbacks(options: {
  privateKey: CryptoKey;
  publicJwk: JWK;
  decryptionKey?: CryptoKey;
  decryptionJwk?: JWK;
  resolveDid?: (didUrl: string) => JWK | undefined;
  x509Anchors?: () => X509Certificate[];
}): Promise<Omit<CallbackContext, 'encryptJwe'> & Pick<CallbackContext, 'encryptJwe'>> {
  const signerJwk = options.publicJwk as Jwk;
  const keyOf = (signer: JwtSigner): JWK | KeyObject | undefined => {
    if (signer.method === 'jwk') return signer.publicJwk as JWK;
    if (signer.method === 'did') return options.resolveDid?.(signer.didUrl);
    if (signer.method === 'x5c') return leafKeyOfChainToAnchor(signer.x5c, options.x509Anchors?.() ?? []);
    return undefined;
  };
  return {
    fetch,
    hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
    generateRandom: (length) => randomBytes(length),
    clientAuthentication: clientAuthenticationAnonymous(),
    signJwt: async (_signer, jwt) => ({
      jwt: await new SignJWT(jwt.payload as Record<string, unknown>)
        .setProtectedHeader(jwt.header as { alg: string })
        .sign(options.privateKey),
      signerJwk,
    }),
    verifyJwt: async (signer, jwt) => {
      const key = keyOf(signer);
      if (!key) return { verified: false };
      try {
        if (key instanceof KeyObject) {
          await compactVerify(jwt.compact, key, { algorithms: [signer.alg] });
          return { verified: true, signerJwk: key.export({ format: 'jwk' }) as Jwk };
        }
        await compactVerify(jwt.compact, await importJWK(key, signer.alg));
        return { verified: true, signerJwk: key as Jwk };
      } catch {
        return { verified: false };
      }
    },
    decryptJwe: async (jwe) => {
      if (!options.decryptionKey || !options.decryptionJwk) return { decrypted: false };
      try {
        const { plaintext } = await compactDecrypt(jwe, options.decryptionKey);
        return {
          decrypted: true,
          decryptionJwk: options.decryptionJwk as Jwk,
          payload: new TextDecoder().decode(plaintext),
        };
      } catch {
        return { decrypted: false };
      }
    },
    encryptJwe: async () => {
      throw new Error('this server encrypts nothing');
    },
  };
}

/** A public JWK with its kid and alg, for metadata and the trust list. */
export async function publicJwkOf(key: CryptoKey, kid: string, alg = 'ES256'): Promise<JWK> {
  return { ...(await exportJWK(key)), kid, alg };
}

/** The request as oid4vc-ts reads it (absolute URL, fetch-style headers). */
export function requestLike(req: IncomingMessage & { originalUrl?: string }, base: string): RequestLike {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return {
    headers,
    method: req.method as RequestLike['method'],
    url: `${base}${req.originalUrl ?? req.url}`,
  };
}
