import { createPrivateKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { Jwk, RequestDpopOptions } from '@openid4vc/oauth2';
import type { IssuerMetadataResult } from '@openid4vc/openid4vci';

/**
 * The DPoP key of one issuance (RFC 9449): made for the token request, it signs every proof for
 * that token. It lives in memory for the issuance; when a later call needs the token (deferred
 * credential, notification) its private JWK is sealed beside the token in the credential row.
 */
export interface DpopKey {
  publicJwk: JWK;
  privateKey: KeyObject;
}

/** The issuer's authorization server takes DPoP proofs we can make (ES256). */
export function issuerTakesDpop(issuerMetadata: IssuerMetadataResult): boolean {
  return issuerMetadata.authorizationServers.some((server) =>
    server.dpop_signing_alg_values_supported?.includes('ES256'),
  );
}

export function createDpopKey(): DpopKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) as JWK };
}

export function exportDpopKey(key: DpopKey): JWK {
  return key.privateKey.export({ format: 'jwk' }) as JWK;
}

export function importDpopKey(privateJwk: JWK): DpopKey {
  const privateKey = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateKey, publicJwk };
}

/** The library's DPoP options: its signer callback finds the key by its public JWK. */
export function dpopOptions(key: Pick<DpopKey, 'publicJwk'>, nonce?: string): RequestDpopOptions {
  return { signer: { method: 'jwk', publicJwk: key.publicJwk as Jwk, alg: 'ES256' }, nonce };
}
