import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { HolderKeyPair } from './wallet-client.js';

/** A DPoP proof JWT (RFC 9449 §4.2) as a wallet makes one; every member can be overridden. */
export async function createDpopProof(options: {
  key: HolderKeyPair;
  htm: string;
  htu: string;
  iat: number;
  nonce?: string;
  accessToken?: string;
  jti?: string;
  typ?: string;
  signWith?: HolderKeyPair;
}): Promise<string> {
  const payload: Record<string, unknown> = {
    jti: options.jti ?? randomUUID(),
    htm: options.htm,
    htu: options.htu,
    iat: options.iat,
  };
  if (options.nonce !== undefined) payload.nonce = options.nonce;
  if (options.accessToken !== undefined) {
    payload.ath = createHash('sha256').update(options.accessToken).digest('base64url');
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: options.typ ?? 'dpop+jwt', jwk: options.key.publicJwk })
    .sign((options.signWith ?? options.key).privateKey);
}

/** A form POST with extra headers (DPoP, client attestation). */
export async function postFormWith(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string>,
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, any>) : {},
  };
}
