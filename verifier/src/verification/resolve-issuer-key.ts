import type { JWK } from 'jose';
import type { TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { z } from 'zod';
import { readCappedBody } from '@min-profil/shared/net/read-capped-body';
import { crlFetcherFor } from '@min-profil/shared/pki/crl-fetcher';
import type { X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import { hasX5c, x5cSignerKey } from '@min-profil/shared/pki/x5c-signer-key';

const zJwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())).max(20) });

/** SD-JWT VC §5 metadata, as far as we read it: the keys by value (`jwks`) or by reference. */
const zJwtVcIssuerMetadata = z
  .object({ issuer: z.string(), jwks: zJwks.optional(), jwks_uri: z.string().optional() })
  .loose()
  .refine((m) => (m.jwks === undefined) !== (m.jwks_uri === undefined), {
    message: 'exactly one of jwks and jwks_uri',
  });

/**
 * SD-JWT VC §5.1: `/.well-known/jwt-vc-issuer` goes between the host and the issuer's path,
 * the path's terminating `/` removed first.
 */
export function jwtVcIssuerMetadataUrl(iss: string): string {
  const url = new URL(iss);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}/.well-known/jwt-vc-issuer${path}`;
}

function pick(keys: JWK[], kid: unknown): JWK | undefined {
  if (typeof kid === 'string') return keys.find((k) => k.kid === kid);
  // Without a kid only an unambiguous single key is used.
  return keys.length === 1 ? keys[0] : undefined;
}

/** GETs a small JSON document (at most 64 KiB: `text()` would take any size into memory first). */
async function fetchJson(
  url: string,
  what: string,
  options: { allowInsecureUrls: boolean; fetch?: typeof globalThis.fetch },
): Promise<unknown> {
  if (!options.allowInsecureUrls && !url.startsWith('https://'))
    throw new Error(`the ${what} URL is not https`);
  const response = await (options.fetch ?? globalThis.fetch)(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`the ${what} answered ${response.status}`);
  const text = (
    await readCappedBody(response, 64 * 1024).catch(() => {
      throw new Error(`the ${what} is too large`);
    })
  ).toString('utf8');
  return JSON.parse(text);
}

/**
 * The public key of a trusted issuer for a JWT header. A header with `x5c` (HAIP 1.0) is
 * validated as a chain to the trust list's x509 trust anchors, the leaf naming the issuer's host,
 * revocation checked through the CRL (fetched with our outbound fetch); a refused chain is
 * refused, never passed over for the `kid`. Otherwise: first from the trust list's JWKS, then
 * (for a key the list does not carry yet, e.g. after the issuer rotated) from the issuer's own
 * JWT VC Issuer Metadata (`jwks`, or the JWK Set at `jwks_uri`) — only ever for an issuer the
 * trust list names.
 */
export async function resolveIssuerKey(options: {
  issuer: TrustedIssuer;
  header: Record<string, unknown>;
  allowInsecureUrls: boolean;
  fetch?: typeof globalThis.fetch;
  /** The trust list's `x509_trust_anchors`; none: no chain counts. */
  x509Anchors?: X509TrustAnchor[];
  /** Seconds; default the system clock. */
  now?: number;
}): Promise<JWK> {
  const { issuer, header } = options;
  if (hasX5c(header)) {
    return x5cSignerKey({
      header,
      anchors: options.x509Anchors ?? [],
      issuerUrl: issuer.credential_issuer,
      crlFetcher: crlFetcherFor(options.fetch),
      ...(options.now === undefined ? {} : { now: new Date(options.now * 1000) }),
    });
  }
  const listed = pick(issuer.jwks.keys as JWK[], header.kid);
  if (listed) return listed;
  const url = jwtVcIssuerMetadataUrl(issuer.credential_issuer);
  const metadata = zJwtVcIssuerMetadata.parse(await fetchJson(url, 'issuer metadata', options));
  // SD-JWT VC §5.3: the metadata's issuer must equal the credential's iss.
  if (metadata.issuer !== issuer.credential_issuer)
    throw new Error('the issuer metadata names another issuer');
  const jwks = metadata.jwks ?? zJwks.parse(await fetchJson(metadata.jwks_uri!, 'issuer jwks_uri', options));
  const found = pick(jwks.keys as JWK[], header.kid);
  if (!found) throw new Error('no issuer key with that kid');
  return found;
}
