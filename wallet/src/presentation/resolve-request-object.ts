import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  validateOpenid4vpAuthorizationRequestPayload,
  type Openid4vpAuthorizationRequest,
} from '@openid4vc/openid4vp';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { assertFetchableUrl } from '../http/safe-fetch.js';
import { createRequestObjectVerifier } from './verify-request-signature.js';
import { verifyX509Client } from './verify-x509-client.js';

/** OpenID4VP 1.0 §5.8 / RFC 9101 §10.8: the `typ` of a request object. */
const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';

export interface ResolvedRequestObject {
  payload: Record<string, unknown>;
  client: { prefix: string; identifier: string; effective: string };
}

/**
 * OpenID4VP 1.0 §5.10: `request_uri_method` is `get` or `post` (case-sensitive), absent means
 * `get`; any other value is refused with its own error (§8.5), never read as `get`.
 */
function readRequestUriMethod(value: unknown): 'get' | 'post' {
  if (value === undefined || value === 'get') return 'get';
  if (value === 'post') return 'post';
  throw new OAuthError(
    'invalid_request_uri_method',
    'request_uri_method must be get or post (OpenID4VP 1.0 section 5.10)',
  );
}

/**
 * Fetches (by `request_uri`) and verifies a signed request object (JAR, RFC 9101; OpenID4VP 1.0
 * §5.10) for the `decentralized_identifier`, `x509_hash` and `x509_san_dns` client identifier
 * prefixes (§5.9.3; HAIP 1.0). Done here rather than in
 * @openid4vc/openid4vp 0.4.6, which refuses a request object whose `iss` is the prefixed
 * client_id (as RFC 9101 §4 recommends) because it compares `iss` with the bare DID.
 */
export async function resolveRequestObject(
  ctx: WalletContext,
  params: Record<string, unknown>,
): Promise<ResolvedRequestObject> {
  // RFC 9101 §5 / OpenID4VP 1.0 §5.10: a link carrying a request object names its client_id
  // too, and it must be the one inside. Refused before anything is fetched.
  const outerClientId = typeof params.client_id === 'string' ? params.client_id : undefined;
  if (outerClientId === undefined || outerClientId.length === 0) {
    throw new OAuthError(
      'invalid_request',
      'the request link has no client_id; it must name the client of its request object',
    );
  }
  let jwt: string;
  if (typeof params.request === 'string') {
    jwt = params.request;
  } else {
    const uri = assertFetchableUrl(String(params.request_uri), ctx.allowInsecureUrls, 'request_uri');
    // §5.10: request_uri_method=post lets the wallet POST its metadata; an empty POST is allowed.
    const post = readRequestUriMethod(params.request_uri_method) === 'post';
    const response = await ctx.fetch(uri, {
      method: post ? 'POST' : 'GET',
      headers: {
        accept: 'application/oauth-authz-req+jwt',
        ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(post ? { body: '' } : {}),
    });
    if (!response.ok)
      throw new OAuthError(
        'invalid_request',
        `the request object could not be fetched (HTTP ${response.status})`,
      );
    jwt = (await response.text()).trim();
  }
  return verifyRequestObject(ctx, jwt, { outerClientId });
}

/**
 * Verifies a signed request object by its client identifier prefix. `outerClientId`: the
 * client_id the link named, which must be the one inside; a Digital Credentials API request
 * (OpenID4VP 1.0 Appendix A.3.1) comes by value with none, and its response mode (`dc_api`,
 * `dc_api.jwt`, no `response_uri`) is checked by its caller instead of the library's validation,
 * which knows only responses to a URL.
 */
export async function verifyRequestObject(
  ctx: WalletContext,
  jwt: string,
  options: { outerClientId: string } | { dcApi: true },
): Promise<ResolvedRequestObject> {
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jwt) as Record<string, unknown>;
    payload = decodeJwt(jwt) as Record<string, unknown>;
  } catch {
    throw new OAuthError('invalid_request', 'the request object is not a signed JWT');
  }
  if (header.typ !== REQUEST_OBJECT_TYP) {
    throw new OAuthError('invalid_request', `the request object's typ must be ${REQUEST_OBJECT_TYP}`);
  }
  const clientId = payload.client_id;
  if (typeof clientId !== 'string')
    throw new OAuthError('invalid_request', 'the request object has no client_id');
  if ('outerClientId' in options && options.outerClientId !== clientId) {
    throw new OAuthError('invalid_request', 'the client_id of the link and of the request object differ');
  }
  const colon = clientId.indexOf(':');
  const prefix = colon > 0 ? clientId.slice(0, colon) : 'pre-registered';
  const identifier = clientId.slice(colon + 1);
  if (prefix === 'x509_hash' || prefix === 'x509_san_dns') {
    await verifyX509Client(ctx, { prefix, identifier, header, payload, jwt });
  } else if (prefix === 'decentralized_identifier') {
    await verifyDidClient(ctx, identifier, header, jwt);
  } else {
    throw new OAuthError(
      'invalid_request',
      `the client identifier prefix "${prefix.slice(0, 40)}" is not supported by this wallet`,
    );
  }
  const now = ctx.now();
  if (typeof payload.exp === 'number' && payload.exp + 60 < now) {
    throw new OAuthError('invalid_request', 'the request object has expired');
  }
  if ('dcApi' in options) return { payload, client: { prefix, identifier, effective: clientId } };
  try {
    validateOpenid4vpAuthorizationRequestPayload({ params: payload as Openid4vpAuthorizationRequest });
  } catch (error) {
    throw new OAuthError(
      'invalid_request',
      `the request is not a valid OpenID4VP request: ${(error as Error).message.slice(0, 200)}`,
    );
  }
  return { payload, client: { prefix, identifier, effective: clientId } };
}

/** `decentralized_identifier` (§5.9.3): signed with a key of that very DID. */
async function verifyDidClient(
  ctx: WalletContext,
  did: string,
  header: Record<string, unknown>,
  jwt: string,
): Promise<void> {
  if (!did.startsWith('did:')) throw new OAuthError('invalid_request', 'the client identifier is not a DID');
  const kid = typeof header.kid === 'string' ? header.kid : '';
  const didUrl = kid.startsWith('#') ? `${did}${kid}` : kid;
  if (!didUrl.startsWith(`${did}#`)) {
    throw new OAuthError(
      'invalid_request',
      'the request object is not signed with a key of the client identifier',
    );
  }
  const verified = await createRequestObjectVerifier(ctx)(
    { method: 'did', didUrl, alg: String(header.alg) },
    { header, compact: jwt },
  );
  if (!verified.verified)
    throw new OAuthError('invalid_request', 'the request object signature does not verify');
}
