import { compactVerify, importJWK, type JWK } from 'jose';
import type { Jwk, JwtSigner } from '@openid4vc/oauth2';
import { OAuthError } from '@min-profil/shared/errors';
import { validateX5cChain } from '@min-profil/shared/pki/validate-x5c-chain';
import { X509ChainError } from '@min-profil/shared/pki/x509-chain-error';
import { x509TrustAnchors } from '@min-profil/shared/trust-list/trust-queries';
import type { WalletContext } from '../context.js';
import type { SafeFetch } from '../http/safe-fetch.js';

const SIGNED_METADATA_TYP = 'openidvci-issuer-metadata+jwt';

/**
 * The `verifyJwt` callback of the issuance client, for signed Credential Issuer Metadata
 * (OID4VCI 1.0 §12.2.3, HAIP 1.0 §4.1) only: the wallet asks for it (`Accept: application/jwt`)
 * and, when an issuer sends it, trusts it only through `x5c` — a chain to a CA of the trust
 * list, unrevoked, whose leaf names the credential issuer's host (`sub`, which the library
 * checks is the issuer asked). A metadata document that does not check out stops the issuance
 * (`502 access_denied`, `issuer_error: invalid_issuer_metadata`); an issuer that sends plain
 * JSON is read as before.
 */
export function createSignedMetadataVerifier(ctx: Pick<WalletContext, 'trustList' | 'crlFetcher' | 'clock'>) {
  return async (
    signer: JwtSigner,
    jwt: { header: Record<string, unknown>; payload: Record<string, unknown>; compact: string },
  ) => {
    if (jwt.header.typ !== SIGNED_METADATA_TYP) return { verified: false as const };
    // The issuer's fault, not the person's: answered like other issuer failures (502).
    const refuse = (reason: string, cause?: unknown) =>
      new OAuthError('access_denied', `the signed issuer metadata is refused: ${reason}`, {
        status: 502,
        extra: { issuer_error: 'invalid_issuer_metadata' },
        ...(cause === undefined ? {} : { cause }),
      });
    if (signer.method !== 'x5c') throw refuse('it is not signed with an x5c certificate chain (HAIP 1.0)');
    const sub =
      typeof jwt.payload.sub === 'string' && URL.canParse(jwt.payload.sub) ? jwt.payload.sub : undefined;
    if (!sub) throw refuse('its sub is not the credential issuer identifier');
    let publicJwk: JWK;
    try {
      ({ publicJwk } = (await validateX5cChain(signer.x5c, x509TrustAnchors(await ctx.trustList.get()), {
        expectedHost: new URL(sub).hostname,
        crlFetcher: ctx.crlFetcher,
        now: new Date(ctx.clock()),
      })) as { publicJwk: JWK });
    } catch (error) {
      if (error instanceof X509ChainError)
        throw refuse(`its x5c chain (${error.code}): ${error.message}`, error);
      throw error;
    }
    try {
      await compactVerify(jwt.compact, await importJWK(publicJwk, 'ES256'), { algorithms: ['ES256'] });
    } catch (cause) {
      throw refuse("its signature does not verify with the x5c leaf's key", cause);
    }
    return { verified: true as const, signerJwk: publicJwk as Jwk };
  };
}

/**
 * The wallet's fetch, asking for the signed form of Credential Issuer Metadata (OID4VCI 1.0
 * §12.2.2: `Accept: application/jwt`), JSON still accepted. The library sends no `Accept` of its
 * own; other requests go out unchanged.
 */
export function askingForSignedMetadata(fetchFn: SafeFetch): SafeFetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!new URL(url).pathname.includes('/.well-known/openid-credential-issuer')) return fetchFn(input, init);
    const headers = new Headers(init?.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/jwt, application/json;q=0.9');
    return fetchFn(input, { ...init, headers });
  };
}
