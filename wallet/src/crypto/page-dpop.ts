import { createHash, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * DPoP proofs (RFC 9449 §4.2) signed in the page (docs/passkeys.md, "DPoP in the page"): the
 * server builds the proof's header and payload exactly as the OID4VCI client would, the page
 * signs it with its DPoP key, and the signed proof is handed to the client when it asks for one
 * (`pageDpopSigner`). A proof the page has not signed (the client's own `use_dpop_nonce` retry
 * with a nonce the page has not seen) is not made here: `DpopProofNeeded` stops the request so
 * that the page can sign one with that nonce (a new signing request).
 */

/** What one proof binds: the request (`htm`, `htu`), the server's nonce, the access token's hash. */
export interface DpopProofBinding {
  htm: string;
  htu: string;
  nonce?: string;
  /** base64url(SHA-256(access token)), at resource requests (§4.2). */
  ath?: string;
}

const jsonSegment = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** The `htu` of a request URL: without query and fragment (§4.2), as @openid4vc/oauth2 makes it. */
export function htuOf(url: string): string {
  const htu = new URL(url);
  htu.search = '';
  htu.hash = '';
  return htu.toString();
}

/** `ath` (§4.2): base64url of the SHA-256 of the access token's ASCII. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/** The JWS signing input of one DPoP proof by the page's key `publicJwk` (ES256). */
export function dpopSigningInput(options: {
  publicJwk: JWK;
  method: string;
  url: string;
  nonce?: string;
  accessToken?: string;
  iat: number;
}): string {
  const { kty, crv, x, y } = options.publicJwk;
  const header = { typ: 'dpop+jwt', jwk: { kty, crv, x, y }, alg: 'ES256' };
  const payload = {
    htu: htuOf(options.url),
    iat: options.iat,
    htm: options.method,
    jti: randomBytes(32).toString('base64url'),
    ...(options.accessToken !== undefined ? { ath: accessTokenHash(options.accessToken) } : {}),
    ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
  };
  return `${jsonSegment(header)}.${jsonSegment(payload)}`;
}

/** The client asked for a proof the page has not signed: sign one with `nonce` (§8, §9). */
export class DpopProofNeeded extends Error {
  constructor(readonly binding: DpopProofBinding) {
    super('a DPoP proof the page has not signed yet');
  }
}

function bindingOf(payload: Record<string, unknown>): DpopProofBinding {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    htm: String(payload.htm),
    htu: String(payload.htu),
    nonce: text(payload.nonce),
    ath: text(payload.ath),
  };
}

const sameBinding = (a: DpopProofBinding, b: DpopProofBinding) =>
  a.htm === b.htm && a.htu === b.htu && a.nonce === b.nonce && a.ath === b.ath;

/**
 * For the client's signer callback: the page's proof for the request the client is about to
 * send (same method, URL, nonce and access token), each used once; `DpopProofNeeded` when the
 * page has signed none for it.
 */
export function pageDpopSigner(signedProofs: string[]): (payload: Record<string, unknown>) => string {
  const unused = [...signedProofs];
  return (payload) => {
    const wanted = bindingOf(payload);
    const index = unused.findIndex((jws) => {
      const signed = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      return sameBinding(bindingOf(signed), wanted);
    });
    if (index < 0) throw new DpopProofNeeded(wanted);
    return unused.splice(index, 1)[0]!;
  };
}
