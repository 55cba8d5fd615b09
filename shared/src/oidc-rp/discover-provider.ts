import { stripTrailingSlash } from '../config.js';
import { describeIssues } from '../validation.js';
import { OidcRpError } from './oidc-rp-error.js';
import { zOidcProviderMetadata, type OidcProviderMetadata } from './z-provider-metadata.js';
import { readCappedJson } from '../net/read-capped-body.js';

const MAX_METADATA_BYTES = 256 * 1024;

export interface DiscoverOidcProviderOptions {
  /** Milliseconds before the request is given up; 10 s by default. */
  timeoutMs?: number;
}

/**
 * Fetches `{issuer}/.well-known/openid-configuration` (OIDC Discovery 1.0 §4) and validates
 * it. The result is stable: callers fetch it once and keep it.
 */
export async function discoverOidcProvider(
  issuer: string,
  options: DiscoverOidcProviderOptions = {},
): Promise<OidcProviderMetadata> {
  const url = `${stripTrailingSlash(issuer)}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (cause) {
    throw new OidcRpError('discovery_failed', `the OpenID provider at ${issuer} could not be reached`, {
      cause,
    });
  }
  if (!response.ok) {
    throw new OidcRpError(
      'discovery_failed',
      `the OpenID provider's metadata answered HTTP ${response.status}`,
    );
  }
  let body: unknown;
  try {
    // Provider metadata is a few KiB: never read an unbounded (or compressed-bomb) body.
    body = await readCappedJson(response, MAX_METADATA_BYTES);
  } catch (cause) {
    throw new OidcRpError('discovery_failed', "the OpenID provider's metadata is not JSON", { cause });
  }
  const parsed = zOidcProviderMetadata.safeParse(body);
  if (!parsed.success) {
    throw new OidcRpError('discovery_failed', describeIssues(parsed.error, 'provider metadata'));
  }
  // OIDC Discovery 1.0 §4.3: the issuer in the metadata MUST be identical to the one asked.
  if (parsed.data.issuer !== issuer) {
    throw new OidcRpError('discovery_failed', "the provider metadata's issuer is not the one asked for");
  }
  // The authorization code flow with PKCE S256 is all this relying party speaks.
  if (!parsed.data.response_types_supported.includes('code')) {
    throw new OidcRpError('discovery_failed', 'the OpenID provider does not support response_type=code');
  }
  const pkce = parsed.data.code_challenge_methods_supported;
  if (pkce !== undefined && !pkce.includes('S256')) {
    throw new OidcRpError('discovery_failed', 'the OpenID provider does not support PKCE with S256');
  }
  return parsed.data;
}
