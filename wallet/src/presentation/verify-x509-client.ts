import { compactVerify, importJWK, type JWK } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import { validateX5cChain } from '@min-profil/shared/pki/validate-x5c-chain';
import { X509ChainError } from '@min-profil/shared/pki/x509-chain-error';
import {
  sanDnsNames,
  x509CertificateHash,
  type X509ClientIdPrefix,
} from '@min-profil/shared/pki/x509-client-id';
import { findConsumer, x509TrustAnchors } from '@min-profil/shared/trust-list/trust-queries';
import type { WalletContext } from '../context.js';

const refuse = (message: string, cause?: unknown) =>
  new OAuthError('invalid_request_object', message, cause === undefined ? {} : { cause });

/**
 * A request object under an X.509 client identifier (OpenID4VP 1.0 §5.9.3, HAIP 1.0): the `x5c`
 * leaf is the one `x509_hash` names (its SHA-256) or carries the `x509_san_dns` name as a dNSName;
 * the chain ends at a CA the trust list names and no certificate in it is revoked (the CA's CRL,
 * through the wallet's outbound fetch); and the request object is signed with the leaf's key.
 * Each refusal is `invalid_request_object` naming what failed. Cheap checks first, so a
 * mismatching certificate costs no CRL fetch.
 */
export async function verifyX509Client(
  ctx: Pick<WalletContext, 'trustList' | 'crlFetcher' | 'clock'>,
  options: {
    prefix: X509ClientIdPrefix;
    identifier: string;
    header: Record<string, unknown>;
    payload: Record<string, unknown>;
    jwt: string;
  },
): Promise<void> {
  const { prefix, identifier, header } = options;
  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) {
    throw refuse(`a request object under the ${prefix} client identifier must carry its certificate in x5c`);
  }
  const leaf = x5c[0] as string;
  let names: string[];
  try {
    names = prefix === 'x509_hash' ? [x509CertificateHash(leaf)] : sanDnsNames(leaf);
  } catch (cause) {
    throw refuse('the x5c leaf is not a certificate', cause);
  }
  if (prefix === 'x509_hash' && names[0] !== identifier) {
    throw refuse('the x509_hash client identifier is not the SHA-256 hash of the x5c leaf certificate');
  }
  if (prefix === 'x509_san_dns' && !names.includes(identifier.toLowerCase())) {
    throw refuse('the x509_san_dns client identifier is not a dNSName of the x5c leaf certificate');
  }
  const list = await ctx.trustList.get();
  let publicJwk: JWK;
  try {
    ({ publicJwk } = (await validateX5cChain(x5c, x509TrustAnchors(list), {
      crlFetcher: ctx.crlFetcher,
      now: new Date(ctx.clock()),
    })) as { publicJwk: JWK });
  } catch (error) {
    if (error instanceof X509ChainError) {
      throw refuse(`the verifier's access certificate is refused (${error.code}): ${error.message}`, error);
    }
    throw error;
  }
  // §5.9.3: a verifier the wallet cannot otherwise trust answers only at its own DNS name.
  if (prefix === 'x509_san_dns' && !findConsumer(list, `${prefix}:${identifier}`)) {
    const responseUri = typeof options.payload.response_uri === 'string' ? options.payload.response_uri : '';
    if (
      URL.canParse(responseUri) &&
      new URL(responseUri).hostname.toLowerCase() !== identifier.toLowerCase()
    ) {
      throw refuse('the response_uri is not on the DNS name of the x509_san_dns client identifier');
    }
  }
  try {
    const alg = typeof header.alg === 'string' ? header.alg : 'ES256';
    await compactVerify(options.jwt, await importJWK(publicJwk, alg), { algorithms: ['ES256', 'ES384'] });
  } catch (cause) {
    throw refuse(
      'the request object signature does not verify with the key of its access certificate',
      cause,
    );
  }
}
