import { compactVerify, importJWK, type JWK } from 'jose';
import type { JwtSigner, Jwk } from '@openid4vc/oauth2';
import { findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import type { WalletContext } from '../context.js';

/**
 * The `verifyJwt` callback for request objects: a `decentralized_identifier:` client's key comes
 * from the trust list (the operator vouches for it); a DID the list does not know is resolved
 * (did:jwk, did:key, did:web over https). Anything else does not verify.
 */
export function createRequestObjectVerifier(ctx: WalletContext) {
  return async (signer: JwtSigner, jwt: { header: Record<string, unknown>; compact: string }) => {
    if (signer.method !== 'did') return { verified: false as const };
    const [did] = signer.didUrl.split('#');
    const list = await ctx.trustList.get();
    const consumer = findConsumer(list, `decentralized_identifier:${did}`);
    let candidates: JWK[] = [];
    if (consumer) {
      candidates = (consumer.jwks.keys as JWK[]).filter(
        (k) => k.kid === undefined || k.kid === signer.didUrl || `${did}#${k.kid}` === signer.didUrl,
      );
    } else {
      try {
        const resolved = await ctx.keys.agent.resolveDid({ didUrl: did! });
        const method = resolved.didDocument?.verificationMethod?.find(
          (vm) => vm.id === signer.didUrl || `${did}${vm.id}` === signer.didUrl,
        );
        if (method?.publicKeyJwk) candidates = [method.publicKeyJwk as JWK];
      } catch {
        candidates = [];
      }
    }
    for (const jwk of candidates) {
      try {
        const key = await importJWK(jwk, typeof jwt.header.alg === 'string' ? jwt.header.alg : 'ES256');
        await compactVerify(jwt.compact, key, { algorithms: ['ES256', 'ES384', 'EdDSA'] });
        return { verified: true as const, signerJwk: jwk as Jwk };
      } catch {
        // try the next key
      }
    }
    return { verified: false as const };
  };
}
