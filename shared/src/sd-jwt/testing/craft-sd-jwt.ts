import type { KeyObject } from 'node:crypto';
import { createDisclosure, createSalt, type Disclosure } from '../disclosure.js';
import { signCompactJwt, type JsonObject } from '../jws.js';

/** Builds hostile or odd SD-JWTs by hand, signed with a real key, for negative tests. */
export function craftDisclosure(key: string | undefined, value: unknown): Disclosure {
  return createDisclosure({ salt: createSalt(), key, value, sdAlg: 'sha-256' });
}

export async function craftSdJwt(options: {
  payload: JsonObject;
  disclosures: Array<Disclosure | string>;
  privateKey: KeyObject;
  header?: JsonObject;
}): Promise<string> {
  const jwt = await signCompactJwt({
    header: { alg: 'ES256', typ: 'dc+sd-jwt', ...options.header },
    payload: {
      iss: 'https://issuer.example',
      vct: 'urn:example:test',
      iat: 1_700_000_000,
      ...options.payload,
    },
    privateKey: options.privateKey,
  });
  const parts = options.disclosures.map((d) => (typeof d === 'string' ? d : d.encoded));
  return `${jwt}~${parts.map((p) => `${p}~`).join('')}`;
}

/** Replaces the payload of a compact JWS without re-signing it. */
export function swapPayload(compact: string, payload: JsonObject): string {
  const [jwt, ...rest] = compact.split('~');
  const [header, , signature] = jwt.split('.');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return [`${header}.${body}.${signature}`, ...rest].join('~');
}
