import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { Signer } from '../signing/signer.js';
import { DEFAULT_SD_ALG } from './disclosure.js';
import { isJsonObject, signCompactJwt, type JsonObject } from './jws.js';
import { packClaims, type DisclosureFrame } from './pack-claims.js';
import { SdJwtError } from './sd-jwt-error.js';

export interface SdJwtSigner {
  /** A `node:crypto` key, or a `Signer` of the signing seam (a key in a PKCS#11 token). */
  privateKey: KeyObject | Signer;
  kid: string;
  alg: 'ES256';
  /** The signer's certificate chain (leaf first, standard base64 DER), put beside `kid` (HAIP 1.0). */
  x5c?: string[];
}

/** The JOSE header members that name the signer's key: `kid`, and `x5c` when it has a certificate. */
export function signerHeader(signer: SdJwtSigner): { kid: string; x5c?: string[] } {
  return { kid: signer.kid, ...(signer.x5c?.length ? { x5c: signer.x5c } : {}) };
}

export interface IssueSdJwtVcOptions {
  /** `iss`: the credential issuer identifier URL. */
  issuer: string;
  vct: string;
  claims: Record<string, unknown>;
  /**
   * Which claims are selectively disclosable, in @sd-jwt/types DisclosureFrame form, e.g.
   * `{ _sd: ['given_name'], address: { _sd: ['street_address'] }, courses: { _sd: [0, 1] } }`.
   */
  disclosureFrame: DisclosureFrame;
  /** Becomes `cnf: { jwk }` (holder binding, RFC 7800). */
  holderJwk?: JWK;
  /** Becomes `status: { status_list: { idx, uri } }` (Token Status List §6.1). */
  status?: { idx: number; uri: string };
  /** `iat`, seconds. */
  issuedAt: number;
  expiresAt?: number;
  notBefore?: number;
  signer: SdJwtSigner;
}

/** The media type of SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3.1); `vc+sd-jwt` is its older name. */
export const SD_JWT_VC_TYP = 'dc+sd-jwt';

/**
 * Claims SD-JWT VC forbids making selectively disclosable (draft-ietf-oauth-sd-jwt-vc §3.2.2.2) and
 * that this module sets itself from the options, so `claims` may not carry them either.
 */
export const NON_DISCLOSABLE_VC_CLAIMS = [
  'iss',
  'nbf',
  'exp',
  'iat',
  'cnf',
  'vct',
  'vct#integrity',
  'status',
];

/** Issues an SD-JWT VC in compact form, ending in `~` (no KB-JWT: that is the holder's). */
export async function issueSdJwtVc(options: IssueSdJwtVcOptions): Promise<string> {
  for (const name of NON_DISCLOSABLE_VC_CLAIMS) {
    if (Object.hasOwn(options.claims, name)) {
      throw new SdJwtError('invalid_claims', `claim ${name} is set from the options, not from claims`);
    }
  }
  const { payload: packed, disclosures } = packClaims({
    claims: options.claims,
    disclosureFrame: options.disclosureFrame,
    sdAlg: DEFAULT_SD_ALG,
  });
  const payload: JsonObject = {
    iss: options.issuer,
    iat: options.issuedAt,
    ...(options.notBefore === undefined ? {} : { nbf: options.notBefore }),
    ...(options.expiresAt === undefined ? {} : { exp: options.expiresAt }),
    vct: options.vct,
    ...packed,
    ...(options.holderJwk === undefined ? {} : { cnf: { jwk: publicJwk(options.holderJwk) } }),
    ...(options.status === undefined
      ? {}
      : { status: { status_list: { idx: options.status.idx, uri: options.status.uri } } }),
    _sd_alg: DEFAULT_SD_ALG,
  };
  const jwt = await signCompactJwt({
    header: { alg: options.signer.alg, typ: SD_JWT_VC_TYP, ...signerHeader(options.signer) },
    payload,
    privateKey: options.signer.privateKey,
  });
  return `${jwt}~${disclosures.map((d) => `${d.encoded}~`).join('')}`;
}

/** Never put a private key member into `cnf`, whatever the caller hands us. */
function publicJwk(jwk: JWK): JWK {
  const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];
  return Object.fromEntries(Object.entries(jwk).filter(([key]) => !privateMembers.includes(key))) as JWK;
}

/**
 * A frame that makes every claim selectively disclosable ("every personal claim", docs/design.md),
 * including the properties of nested objects; arrays are disclosed as a whole. Registered VC
 * claims and `exclude`d top-level names stay plain.
 */
export function createDisclosureFrameForAll(
  claims: Record<string, unknown>,
  options: { exclude?: string[]; nested?: boolean } = {},
): DisclosureFrame {
  const exclude = new Set([...NON_DISCLOSABLE_VC_CLAIMS, ...(options.exclude ?? [])]);
  return frameFor(claims, exclude, options.nested ?? true);
}

function frameFor(obj: Record<string, unknown>, exclude: Set<string>, nested: boolean): DisclosureFrame {
  const frame: DisclosureFrame = {};
  const sd: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (exclude.has(key) || key === '_sd' || key === '_sd_decoy') continue;
    sd.push(key);
    if (nested && isJsonObject(value)) frame[key] = frameFor(value, new Set(), true);
  }
  frame._sd = sd;
  return frame;
}
