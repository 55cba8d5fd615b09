import type { JWK } from 'jose';
import type { KeyAgentHandle } from '@min-profil/shared/kms';
import type { ResolveHolderKid } from './verify-proof-jwt.js';

/**
 * did:jwk is decoded in place (the key is the identifier); did:key goes through Veramo's
 * resolver. Other methods are refused: resolving them would mean fetching from the network.
 */
export function createHolderKidResolver(keys: KeyAgentHandle): ResolveHolderKid {
  return async (kid) => {
    const did = kid.split('#')[0];
    if (did.startsWith('did:jwk:')) {
      const jwk = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8')) as JWK;
      if (typeof jwk !== 'object' || jwk === null || !jwk.kty) throw new Error('did:jwk does not hold a JWK');
      return jwk;
    }
    if (did.startsWith('did:key:')) {
      const result = await keys.agent.resolveDid({ didUrl: did });
      const method = result.didDocument?.verificationMethod?.[0];
      if (!method?.publicKeyJwk) throw new Error('did:key did not resolve to a JWK');
      return method.publicKeyJwk as JWK;
    }
    throw new Error('only did:jwk and did:key are supported in kid');
  };
}
