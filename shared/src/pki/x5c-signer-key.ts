import type { JWK } from 'jose';
import type { CrlFetcher } from './crl-fetcher.js';
import { documentSignerKeyUsages } from './extended-key-usages.js';
import { validateX5cChain, type X509TrustAnchor } from './validate-x5c-chain.js';

/** Does this JWS header carry a certificate chain? Then the chain, not a `kid`, names the key. */
export function hasX5c(header: Record<string, unknown>): boolean {
  return header.x5c !== undefined;
}

/**
 * The key that signed a credential or status list token whose header carries `x5c` (HAIP 1.0,
 * docs/pki.md): the chain must lead to a CA the trust list names, and the leaf's SAN must name
 * the host of `issuerUrl` (the `iss`). Throws an X509ChainError saying why not.
 */
export async function x5cSignerKey(options: {
  header: Record<string, unknown>;
  anchors: X509TrustAnchor[];
  issuerUrl: string;
  crlFetcher: CrlFetcher;
  now?: Date;
}): Promise<JWK> {
  const { publicJwk } = await validateX5cChain(options.header.x5c, options.anchors, {
    expectedHost: new URL(options.issuerUrl).hostname,
    crlFetcher: options.crlFetcher,
    // A document signer's certificate may be restricted to that purpose (the EUDI PID's is).
    extendedKeyUsages: documentSignerKeyUsages,
    ...(options.now ? { now: options.now } : {}),
  });
  return publicJwk as JWK;
}
