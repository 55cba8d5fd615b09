import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * What a wallet does against the issuer, written out with fetch so the tests exercise the
 * HTTP surface exactly as a foreign wallet would.
 */
export interface HolderKeyPair {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createHolderKey(): Promise<HolderKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

export async function createProof(options: {
  key: HolderKeyPair;
  audience: string;
  nonce?: string;
  iat?: number;
  typ?: string;
  header?: Record<string, unknown>;
}): Promise<string> {
  const payload: Record<string, unknown> = {
    aud: options.audience,
    iat: options.iat ?? Math.floor(Date.now() / 1000),
  };
  if (options.nonce !== undefined) payload.nonce = options.nonce;
  return new SignJWT(payload)
    .setProtectedHeader({
      alg: 'ES256',
      typ: options.typ ?? 'openid4vci-proof+jwt',
      jwk: options.key.publicJwk,
      ...options.header,
    })
    .sign(options.key.privateKey);
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, any>) : {},
  };
}

export async function postForm(url: string, form: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, any>,
  };
}

export async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, any>,
  };
}

export const preAuthorizedGrant = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** Staff creates an offer; returns the API response. */
export async function createOffer(
  baseUrl: string,
  apiKey: string,
  holder: string,
  body: { personal_identity_number: string; credential_configuration_ids: string[]; tx_code?: boolean },
) {
  return postJson(`${baseUrl}/${holder}/offers`, body, { authorization: `Bearer ${apiKey}` });
}

/** Offer → token → nonce: everything before the credential request. */
export async function redeemOffer(options: {
  baseUrl: string;
  apiKey: string;
  holder: string;
  pnr: string;
  configurationIds: string[];
}) {
  const offer = await createOffer(options.baseUrl, options.apiKey, options.holder, {
    personal_identity_number: options.pnr,
    credential_configuration_ids: options.configurationIds,
    tx_code: true,
  });
  if (offer.status !== 201) throw new Error(`offer failed: ${JSON.stringify(offer.body)}`);
  const code = offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'] as string;
  const token = await postForm(`${options.baseUrl}/${options.holder}/token`, {
    grant_type: preAuthorizedGrant,
    'pre-authorized_code': code,
    tx_code: offer.body.tx_code as string,
  });
  if (token.status !== 200) throw new Error(`token failed: ${JSON.stringify(token.body)}`);
  return { offer: offer.body, accessToken: token.body.access_token as string };
}

export async function fetchNonce(baseUrl: string, holder: string): Promise<string> {
  const response = await postJson(`${baseUrl}/${holder}/nonce`, '');
  return response.body.c_nonce as string;
}

/** Offer → token → nonce → proof → credential: one credential of one configuration. */
export async function issueCredential(options: {
  baseUrl: string;
  apiKey: string;
  holder: string;
  pnr: string;
  configurationId: string;
}): Promise<string> {
  const { accessToken } = await redeemOffer({ ...options, configurationIds: [options.configurationId] });
  const proof = await createProof({
    key: await createHolderKey(),
    audience: `${options.baseUrl}/${options.holder}`,
    nonce: await fetchNonce(options.baseUrl, options.holder),
  });
  const response = await postJson(
    `${options.baseUrl}/${options.holder}/credential`,
    { credential_configuration_id: options.configurationId, proofs: { jwt: [proof] } },
    { authorization: `Bearer ${accessToken}` },
  );
  if (response.status !== 200) throw new Error(`issuance failed: ${JSON.stringify(response.body)}`);
  return response.body.credentials[0].credential as string;
}

/** RFC 9126 §2: a wallet pushes its authorization request to the holder's PAR endpoint. */
export async function pushAuthorizationRequest(
  baseUrl: string,
  holder: string,
  form: Record<string, string>,
) {
  return postForm(`${baseUrl}/${holder}/par`, form);
}

/** RFC 9126 §4: where the wallet sends the person with the request_uri it got. */
export function authorizeUrl(baseUrl: string, holder: string, clientId: string, requestUri: string): string {
  return `${baseUrl}/${holder}/authorize?${new URLSearchParams({ client_id: clientId, request_uri: requestUri })}`;
}

/** RFC 7636: a PKCE verifier and its S256 challenge. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
