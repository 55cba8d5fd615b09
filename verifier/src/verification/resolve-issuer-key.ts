import type { JWK } from 'jose';
import type { TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { z } from 'zod';
import { readCappedBody } from '@min-profil/shared/net/read-capped-body';

/** SD-JWT VC §5 metadata, as far as we read it. */
const zJwtVcIssuerMetadata = z
  .object({
    issuer: z.string(),
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).max(20) }),
  })
  .loose();

/** SD-JWT VC §5.1: `/.well-known/jwt-vc-issuer` goes between the host and the issuer's path. */
export function jwtVcIssuerMetadataUrl(iss: string): string {
  const url = new URL(iss);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/jwt-vc-issuer${path}`;
}

function pick(keys: JWK[], kid: unknown): JWK | undefined {
  if (typeof kid === 'string') return keys.find((k) => k.kid === kid);
  // Without a kid only an unambiguous single key is used.
  return keys.length === 1 ? keys[0] : undefined;
}

/**
 * The public key of a trusted issuer for a JWT header: first from the trust list's JWKS, then
 * (for a key the list does not carry yet, e.g. after the issuer rotated) from the issuer's own
 * JWT VC Issuer Metadata — only ever for an issuer the trust list names.
 */
export async function resolveIssuerKey(options: {
  issuer: TrustedIssuer;
  header: Record<string, unknown>;
  allowInsecureUrls: boolean;
  fetch?: typeof globalThis.fetch;
}): Promise<JWK> {
  const { issuer, header } = options;
  const listed = pick(issuer.jwks.keys as JWK[], header.kid);
  if (listed) return listed;
  const url = jwtVcIssuerMetadataUrl(issuer.credential_issuer);
  if (!options.allowInsecureUrls && !url.startsWith('https://')) {
    throw new Error('the issuer metadata URL is not https');
  }
  const response = await (options.fetch ?? globalThis.fetch)(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`the issuer metadata answered ${response.status}`);
  // Read at most 64 KiB: `text()` would take any size (or a compressed bomb) into memory first.
  const text = (
    await readCappedBody(response, 64 * 1024).catch(() => {
      throw new Error('the issuer metadata is too large');
    })
  ).toString('utf8');
  const metadata = zJwtVcIssuerMetadata.parse(JSON.parse(text));
  // SD-JWT VC §5.3: the metadata's issuer must equal the credential's iss.
  if (metadata.issuer !== issuer.credential_issuer)
    throw new Error('the issuer metadata names another issuer');
  const found = pick(metadata.jwks.keys as JWK[], header.kid);
  if (!found) throw new Error('no issuer key with that kid');
  return found;
}
