import { KeyObject } from 'node:crypto';
import {
  CompactEncrypt,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { presentSdJwtVc, type PresentationFrame } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import type { ClaimPath } from '@min-profil/shared/sd-jwt/resolve-disclosures';
import { findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';

/**
 * What a wallet does against the verifier, written with fetch and the shared SD-JWT code so
 * the tests drive the HTTP surface exactly as a foreign wallet would.
 */
export interface AuthorizationRequest {
  client_id: string;
  response_type: string;
  response_mode: 'direct_post' | 'direct_post.jwt';
  response_uri: string;
  nonce: string;
  state: string;
  dcql_query: { credentials: Array<{ id: string; format: string; claims?: Array<{ path: ClaimPath }> }> };
  client_metadata: { jwks?: { keys: JWK[] }; vp_formats_supported: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  aud: string;
  iss: string;
  [key: string]: unknown;
}

/** Follows `openid4vp://?client_id=…&request_uri=…`: fetches and verifies the signed request object. */
export async function fetchAuthorizationRequest(options: {
  openid4vpUrl: string;
  trustList: TrustList;
}): Promise<{ request: AuthorizationRequest; contentType: string | null; header: Record<string, unknown> }> {
  const url = new URL(options.openid4vpUrl);
  const clientId = url.searchParams.get('client_id')!;
  const requestUri = url.searchParams.get('request_uri')!;
  const response = await fetch(requestUri);
  if (response.status !== 200)
    throw new Error(`request_uri answered ${response.status}: ${await response.text()}`);
  const jwt = await response.text();
  const header = decodeProtectedHeader(jwt) as Record<string, unknown>;
  // The wallet finds the consumer's keys in the trust list (did:web over http is not resolvable here).
  const consumer = findConsumer(options.trustList, clientId);
  if (!consumer) throw new Error(`consumer ${clientId} is not on the trust list`);
  const jwk = consumer.jwks.keys.find((k) => k.kid === header.kid) as JWK | undefined;
  if (!jwk) throw new Error(`no key ${String(header.kid)} for ${clientId}`);
  const { payload } = await jwtVerify(jwt, await importJWK(jwk, 'ES256'), {
    typ: 'oauth-authz-req+jwt',
    audience: 'https://self-issued.me/v2',
  });
  if (payload.client_id !== clientId) throw new Error('client_id of the request object differs from the URL');
  return {
    request: payload as unknown as AuthorizationRequest,
    contentType: response.headers.get('content-type'),
    header,
  };
}

/** Decodes a request object without verifying it (tests that look at its claims only). */
export function decodeRequestObject(jwt: string): AuthorizationRequest {
  return decodeJwt(jwt) as unknown as AuthorizationRequest;
}

/** One SD-JWT VC presentation with a KB-JWT for this request, disclosing what `disclose` picks. */
export async function presentCredential(options: {
  credential: string;
  holderPrivateKey: CryptoKey | KeyObject;
  request: Pick<AuthorizationRequest, 'nonce' | 'client_id'>;
  disclose: PresentationFrame | ((path: ClaimPath) => boolean);
  nonce?: string;
  audience?: string;
  issuedAt?: number;
  /** OpenID4VP 1.0 §8.4: hashes of the request's transaction_data strings. */
  transactionDataHashes?: string[];
}): Promise<string> {
  const privateKey =
    options.holderPrivateKey instanceof KeyObject
      ? options.holderPrivateKey
      : KeyObject.from(options.holderPrivateKey);
  return presentSdJwtVc({
    compact: options.credential,
    disclose: options.disclose,
    keyBinding: {
      nonce: options.nonce ?? options.request.nonce,
      audience: options.audience ?? options.request.client_id,
      issuedAt: options.issuedAt ?? Math.floor(Date.now() / 1000),
      privateKey,
      alg: 'ES256',
      ...(options.transactionDataHashes
        ? { transactionDataHashes: options.transactionDataHashes, transactionDataHashesAlg: 'sha-256' }
        : {}),
    },
  });
}

/** Disclose exactly the claim paths the request's credential query asks for. */
export function discloseRequested(request: AuthorizationRequest, queryId: string): PresentationFrame {
  const query = request.dcql_query.credentials.find((c) => c.id === queryId)!;
  const frame: PresentationFrame = {};
  for (const { path } of query.claims ?? []) {
    let node = frame;
    path.forEach((segment, i) => {
      const key = String(segment);
      if (i === path.length - 1) node[key] = true;
      else node = (node[key] = (node[key] as PresentationFrame) ?? {}) as PresentationFrame;
    });
  }
  return frame;
}

export interface PostedResponse {
  status: number;
  body: Record<string, any>;
}

/** `direct_post`: vp_token as a JSON object keyed by credential query id (OpenID4VP 1.0 §8.1). */
export async function postResponse(
  responseUri: string,
  form: { vp_token?: Record<string, string[]> | string; state?: string; [name: string]: unknown },
): Promise<PostedResponse> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    if (value === undefined) continue;
    params.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const response = await fetch(responseUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

/** `direct_post.jwt` (OpenID4VP 1.0 §8.3): the parameters as a JWE to the request's encryption key. */
export async function postEncryptedResponse(
  request: AuthorizationRequest,
  params: { vp_token: Record<string, string[]>; state: string },
): Promise<PostedResponse> {
  const jwk = request.client_metadata.jwks!.keys.find((k) => k.use === 'enc')!;
  const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(params)))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', kid: jwk.kid })
    .encrypt(await importJWK(jwk, 'ECDH-ES'));
  return postResponse(request.response_uri, { response: jwe });
}

/** A `jwt_vc_json` presentation (OpenID4VP 1.0 §B.1.3.1): a VP JWT by the holder's did:jwk. */
export async function presentJwtVc(options: {
  credential: string;
  holderPrivateKey: CryptoKey | KeyObject;
  request: Pick<AuthorizationRequest, 'nonce' | 'client_id'>;
  nonce?: string;
  audience?: string;
}): Promise<string> {
  const holder = decodeJwt(options.credential).sub as string;
  return new SignJWT({
    nonce: options.nonce ?? options.request.nonce,
    vp: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [options.credential],
    },
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: `${holder}#0` })
    .setIssuer(holder)
    .setAudience(options.audience ?? options.request.client_id)
    .setIssuedAt()
    .sign(options.holderPrivateKey);
}
