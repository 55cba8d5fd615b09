import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';

/**
 * A server's DPoP nonces (RFC 9449 §8, §9) and the proof `jti`s it has seen, shared by the
 * authorization server and the credential endpoint of one process. oid4vc-ts 0.4.6 compares a
 * proof's nonce with the one it is told to expect (`verifyDpopJwt` `expectedNonce`) but keeps no
 * state: handing nonces out and refusing a replayed proof is the deployment's part.
 */
export function createDpopNonceBook(lifetimeMs = 300_000) {
  const nonces = new Map<string, number>();
  const seenJtis = new Set<string>();
  return {
    /** A fresh nonce for the `DPoP-Nonce` header. */
    issue(): string {
      const nonce = randomBytes(16).toString('base64url');
      nonces.set(nonce, Date.now() + lifetimeMs);
      return nonce;
    },
    /** The nonce a proof names, when it is one handed out here and still current. */
    currentNonceOf(proof: string): string | undefined {
      let named: unknown;
      try {
        named = decodeJwt(proof).nonce;
      } catch {
        return undefined;
      }
      if (typeof named !== 'string') return undefined;
      return (nonces.get(named) ?? 0) > Date.now() ? named : undefined;
    },
    /** True the first time a proof's `jti` is seen (RFC 9449 §11.1), false for a replay. */
    firstUse(proof: string): boolean {
      const jti = decodeJwt(proof).jti;
      if (typeof jti !== 'string' || seenJtis.has(jti)) return false;
      seenJtis.add(jti);
      return true;
    },
  };
}

export type DpopNonceBook = ReturnType<typeof createDpopNonceBook>;
