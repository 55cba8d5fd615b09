import { calculateJwkThumbprint, type JWK } from 'jose';
import type { KeyAgentHandle } from '@min-profil/shared/kms';
import { loadKeyHandle } from '@min-profil/shared/signing/load-key-handle';
import type { KeyHandle } from '@min-profil/shared/signing/signer';
import { didWebAlias } from './did-web.js';

/**
 * The issuer's key of one holder: a P-256 key in the Veramo KMS (or in the PKCS#11 token when
 * one is configured), controlled by the holder's did:web identifier. The JWK thumbprint (RFC 7638) is its `kid` everywhere it is published.
 */
export interface HolderKey {
  did: string;
  kid: string;
  signingKey: KeyHandle;
  publicJwk: JWK;
}

export async function loadHolderKey(handle: KeyAgentHandle, issuerUrl: string): Promise<HolderKey> {
  const identifier = await handle.agent.didManagerGetOrCreate({
    alias: didWebAlias(issuerUrl),
    provider: 'did:web',
    kms: handle.signingKms,
    options: { keyType: 'Secp256r1' },
  });
  const kmsKey = identifier.keys.find((k) => k.type === 'Secp256r1');
  if (!kmsKey) throw new Error(`identifier ${identifier.did} has no P-256 key`);
  return holderKeyFromKms(handle, identifier.did, kmsKey.kid);
}

/** One KMS key of a holder, with its JWK thumbprint as the published `kid`. */
export async function holderKeyFromKms(
  handle: KeyAgentHandle,
  did: string,
  kmsKid: string,
): Promise<HolderKey> {
  const signingKey = await loadKeyHandle(handle, kmsKid);
  const kid = await calculateJwkThumbprint(signingKey.publicJwk);
  const publicJwk: JWK = { ...signingKey.publicJwk, kid, alg: 'ES256', use: 'sig' };
  return { did, kid, signingKey, publicJwk };
}
