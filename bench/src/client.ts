import { KeyObject, generateKeyPairSync } from 'node:crypto';
import { exportJWK, importJWK, jwtVerify, decodeProtectedHeader, SignJWT, type JWK } from 'jose';
import { presentSdJwtVc, type PresentationFrame } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field, as the tests do
type Json = Record<string, any>;

/** What a wallet does over HTTP, written with fetch as a foreign wallet would (as the tests do). */
export interface HolderKey {
  privateKey: KeyObject;
  publicJwk: JWK;
}

export async function createHolderKey(): Promise<HolderKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

async function readBody(response: Response): Promise<Json> {
  const text = await response.text();
  return text ? (JSON.parse(text) as Json) : {};
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await readBody(response) };
}

export async function postForm(url: string, form: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await readBody(response) };
}

export async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await readBody(response) };
}

export const preAuthorizedGrant = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** Staff offer → token (pre-authorized code with tx_code). */
export async function redeemOffer(o: {
  issuerUrl: string;
  apiKey: string;
  holder: string;
  pnr: string;
  configurationIds: string[];
}): Promise<string> {
  const offer = await postJson(
    `${o.issuerUrl}/${o.holder}/offers`,
    { personal_identity_number: o.pnr, credential_configuration_ids: o.configurationIds, tx_code: true },
    { authorization: `Bearer ${o.apiKey}` },
  );
  if (offer.status !== 201) throw new Error(`offer: ${JSON.stringify(offer.body)}`);
  const code = offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'] as string;
  const token = await postForm(`${o.issuerUrl}/${o.holder}/token`, {
    grant_type: preAuthorizedGrant,
    'pre-authorized_code': code,
    tx_code: offer.body.tx_code as string,
  });
  if (token.status !== 200) throw new Error(`token: ${JSON.stringify(token.body)}`);
  return token.body.access_token as string;
}

export async function fetchNonce(issuerUrl: string, holder: string): Promise<string> {
  return (await postJson(`${issuerUrl}/${holder}/nonce`, '')).body.c_nonce as string;
}

export async function createProof(o: { key: HolderKey; audience: string; nonce: string }): Promise<string> {
  return new SignJWT({ aud: o.audience, iat: Math.floor(Date.now() / 1000), nonce: o.nonce })
    .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: o.key.publicJwk })
    .sign(o.key.privateKey);
}

export interface IssuedCredential {
  credential: string;
  holderKey: HolderKey;
}

/**
 * Offer → token → nonce → credential. `issuerUrl` is where the requests go (an instance);
 * `publicUrl` the issuer identifier the proof's `aud` names (the same behind one balancer).
 */
export async function obtainCredential(o: {
  issuerUrl: string;
  publicUrl?: string;
  apiKey: string;
  holder: string;
  pnr: string;
  configurationId: string;
  holderKey?: HolderKey;
}): Promise<IssuedCredential> {
  const accessToken = await redeemOffer({ ...o, configurationIds: [o.configurationId] });
  const nonce = await fetchNonce(o.issuerUrl, o.holder);
  const holderKey = o.holderKey ?? (await createHolderKey());
  const proof = await createProof({
    key: holderKey,
    audience: `${o.publicUrl ?? o.issuerUrl}/${o.holder}`,
    nonce,
  });
  const response = await postJson(
    `${o.issuerUrl}/${o.holder}/credential`,
    { credential_configuration_id: o.configurationId, proofs: { jwt: [proof] } },
    { authorization: `Bearer ${accessToken}` },
  );
  if (response.status !== 200) throw new Error(`credential: ${JSON.stringify(response.body)}`);
  return { credential: response.body.credentials[0].credential as string, holderKey };
}

export interface AuthorizationRequest {
  client_id: string;
  response_uri: string;
  nonce: string;
  state: string;
  dcql_query: { credentials: Array<{ id: string; claims?: Array<{ path: Array<string | number | null> }> }> };
}

/** The consumer's back end creates a request; the wallet fetches and verifies the request object. */
export async function createAndFetchRequest(o: {
  verifierUrl: string;
  apiKey: string;
  template: string;
  trustList: TrustList;
}): Promise<{ id: string; request: AuthorizationRequest }> {
  const created = await postJson(
    `${o.verifierUrl}/api/presentation-requests`,
    { template: o.template },
    { authorization: `Bearer ${o.apiKey}` },
  );
  if (created.status !== 201) throw new Error(`presentation request: ${JSON.stringify(created.body)}`);
  const url = new URL(created.body.openid4vp_url as string);
  const clientId = url.searchParams.get('client_id')!;
  const jwt = await (await fetch(url.searchParams.get('request_uri')!)).text();
  const header = decodeProtectedHeader(jwt);
  const consumer = findConsumer(o.trustList, clientId);
  const jwk = consumer?.jwks.keys.find((k) => k.kid === header.kid) as JWK | undefined;
  if (!jwk) throw new Error(`no key for ${clientId}`);
  const { payload } = await jwtVerify(jwt, await importJWK(jwk, 'ES256'), {
    typ: 'oauth-authz-req+jwt',
    audience: 'https://self-issued.me/v2',
  });
  return { id: created.body.id as string, request: payload as unknown as AuthorizationRequest };
}

/** A frame disclosing exactly the paths the request's credential query asks for. */
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

export async function present(o: {
  issued: IssuedCredential;
  request: AuthorizationRequest;
  queryId: string;
}): Promise<string> {
  return presentSdJwtVc({
    compact: o.issued.credential,
    disclose: discloseRequested(o.request, o.queryId),
    keyBinding: {
      nonce: o.request.nonce,
      audience: o.request.client_id,
      issuedAt: Math.floor(Date.now() / 1000),
      privateKey: o.issued.holderKey.privateKey,
      alg: 'ES256',
    },
  });
}

/** The `direct_post` form body (OpenID4VP 1.0 §8.1). */
export function responseForm(vpToken: Record<string, string[]>, state: string): string {
  return new URLSearchParams({ vp_token: JSON.stringify(vpToken), state }).toString();
}

export async function postResponse(url: string, body: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: response.status, body: await readBody(response) };
}
