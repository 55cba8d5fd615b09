import { OidcRpError, sanitizeErrorCode } from './oidc-rp-error.js';
import {
  zTokenErrorResponse,
  zTokenResponse,
  type OidcProviderMetadata,
  type TokenResponse,
} from './z-provider-metadata.js';
import { readCappedJson } from '../net/read-capped-body.js';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface RequestTokensOptions {
  metadata: OidcProviderMetadata;
  clientId: string;
  clientSecret?: string;
  authMethod: TokenEndpointAuthMethod;
  body: Record<string, string>;
  timeoutMs?: number;
}

/** A token request (RFC 6749 §4.1.3) authenticated as the client asks (§2.3.1). */
export async function requestTokens(options: RequestTokensOptions): Promise<TokenResponse> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const body = new URLSearchParams(options.body);
  if (options.authMethod === 'none') {
    body.set('client_id', options.clientId);
  } else {
    if (!options.clientSecret) throw new TypeError(`${options.authMethod} needs a client secret`);
    if (options.authMethod === 'client_secret_post') {
      body.set('client_id', options.clientId);
      body.set('client_secret', options.clientSecret);
    } else {
      // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64'd.
      const credentials = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
  }

  let response: Response;
  try {
    response = await fetch(options.metadata.token_endpoint, {
      method: 'POST',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (cause) {
    throw new OidcRpError('token_request_failed', 'the token endpoint could not be reached', {
      code: 'temporarily_unavailable',
      cause,
    });
  }
  // A token response is small: read at most 256 KiB of it (not JSON or too large → undefined).
  const json: unknown = await readCappedJson(response, 256 * 1024).catch(() => undefined);
  if (!response.ok) {
    const error = zTokenErrorResponse.safeParse(json);
    const providerError = error.success ? sanitizeErrorCode(error.data.error) : undefined;
    throw new OidcRpError(
      'token_request_failed',
      `the token endpoint answered HTTP ${response.status}${providerError ? ` ${providerError}` : ''}`,
      { providerError, ...(response.status >= 500 ? { code: 'temporarily_unavailable' as const } : {}) },
    );
  }
  const tokens = zTokenResponse.safeParse(json);
  if (!tokens.success) {
    throw new OidcRpError(
      'token_request_failed',
      'the token response has no valid id_token and access_token',
      {
        code: 'temporarily_unavailable',
      },
    );
  }
  return tokens.data;
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
