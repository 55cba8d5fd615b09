import type { JWK } from 'jose';
import { z } from 'zod';
import { crlFetcherFor } from '@min-profil/shared/pki/crl-fetcher';
import { hasX5c, x5cSignerKey } from '@min-profil/shared/pki/x5c-signer-key';
import { findIssuer, x509TrustAnchors } from '@min-profil/shared/trust-list/trust-queries';
import type { WalletContext } from '../context.js';

const zJwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(50) });
const zJwtVcIssuerMetadata = z
  .object({ issuer: z.string(), jwks: zJwks.optional(), jwks_uri: z.string().optional() })
  .loose();

/** RFC 8414 §3 / SD-JWT VC §5: the well-known segment goes between host and path. */
export function wellKnownUrl(identifier: string, wellKnown: string): string {
  const url = new URL(identifier);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/${wellKnown}${path}`;
}

async function fetchJson(ctx: WalletContext, url: string): Promise<unknown> {
  const response = await ctx.fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${new URL(url).origin}`);
  return response.json();
}

function pickKey(keys: Array<Record<string, unknown>>, kid: unknown): JWK {
  const key =
    typeof kid === 'string' ? keys.find((k) => k.kid === kid) : keys.length === 1 ? keys[0] : undefined;
  if (!key) throw new Error('no key with the kid of the credential');
  return key as JWK;
}

/**
 * The key an SD-JWT VC issuer signs with. With `x5c` (HAIP 1.0): the leaf's key, once the chain
 * leads to a CA the trust list names, the leaf names the host of `iss` and is not revoked (a
 * refused chain is refused, not passed over for the `kid`). Otherwise its JWT VC Issuer Metadata
 * (`/.well-known/jwt-vc-issuer{path}`, SD-JWT VC §5), else the trust list's keys for it.
 */
export async function resolveIssuerKey(
  ctx: WalletContext,
  args: { iss: string; header: Record<string, unknown> },
): Promise<JWK> {
  if (hasX5c(args.header)) {
    return x5cSignerKey({
      header: args.header,
      anchors: x509TrustAnchors(await ctx.trustList.get()),
      issuerUrl: args.iss,
      crlFetcher: crlFetcherFor(ctx.fetch),
      now: new Date(ctx.now() * 1000),
    });
  }
  try {
    const metadata = zJwtVcIssuerMetadata.parse(
      await fetchJson(ctx, wellKnownUrl(args.iss, 'jwt-vc-issuer')),
    );
    // SD-JWT VC §5.3: the metadata's issuer must be the credential's iss.
    if (metadata.issuer !== args.iss) throw new Error('the issuer metadata names another issuer');
    const jwks =
      metadata.jwks ?? (metadata.jwks_uri ? zJwks.parse(await fetchJson(ctx, metadata.jwks_uri)) : undefined);
    if (!jwks) throw new Error('the issuer metadata has no keys');
    return pickKey(jwks.keys, args.header.kid);
  } catch (error) {
    const listed = findIssuer(await ctx.trustList.get(), args.iss);
    if (listed) return pickKey(listed.jwks.keys, args.header.kid);
    throw error;
  }
}

/** Status list tokens are signed by the issuer of the credentials they cover. */
export async function resolveStatusListKey(
  ctx: WalletContext,
  args: { uri: string; iss?: string; header: Record<string, unknown> },
): Promise<JWK> {
  let iss = args.iss;
  if (iss === undefined) {
    const list = await ctx.trustList.get();
    iss = list.issuers.find((i) => args.uri.startsWith(`${i.credential_issuer}/`))?.credential_issuer;
  }
  if (iss === undefined) throw new Error('the status list names no issuer');
  // The list must come from under the issuer it claims to be signed by.
  if (new URL(iss).origin !== new URL(args.uri).origin)
    throw new Error('the status list is not served by its issuer');
  return resolveIssuerKey(ctx, { iss, header: args.header });
}
