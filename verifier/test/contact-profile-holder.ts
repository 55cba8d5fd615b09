import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from 'jose';
import {
  channelVerificationTyp,
  contactProfileVct,
  standingPermissionWithdrawalTyp,
} from '@min-profil/shared/contact-profile/contact-profile';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { didJwkFor } from '../src/verification/self-asserted-issuer.js';

/**
 * What a wallet does for the contact profile, written with the shared SD-JWT code: it issues
 * the profile about itself (iss = did:jwk of its holder key, cnf = that key) and presents it.
 */
export interface TestHolder {
  privateKey: KeyObject;
  publicJwk: JWK;
  did: string;
  thumbprint: string;
}

export async function createTestHolder(): Promise<TestHolder> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = await exportJWK(publicKey);
  return {
    privateKey,
    publicJwk,
    did: didJwkFor(publicJwk),
    thumbprint: await calculateJwkThumbprint(publicJwk),
  };
}

export const randomPermissionId = () => randomBytes(16).toString('base64url');
export const randomChangeId = () => randomBytes(12).toString('base64url');

/** One version of the profile: every claim selectively disclosable, version and change plain. */
export async function issueContactProfile(options: {
  holder: TestHolder;
  claims: Record<string, unknown>;
  profileVersion: number;
  changeId: string;
  /** Sign with another key than the holder's (a forgery). */
  signWith?: KeyObject;
  /** Another `iss` than the holder's did:jwk (a forgery). */
  issuer?: string;
}): Promise<string> {
  const { holder } = options;
  return issueSdJwtVc({
    issuer: options.issuer ?? holder.did,
    vct: contactProfileVct,
    claims: { ...options.claims, profile_version: options.profileVersion, change_id: options.changeId },
    disclosureFrame: { _sd: Object.keys(options.claims) },
    holderJwk: holder.publicJwk,
    issuedAt: Math.floor(Date.now() / 1000),
    signer: { privateKey: options.signWith ?? holder.privateKey, kid: `${holder.did}#0`, alg: 'ES256' },
  });
}

/** The SD-JWT+KB the wallet sends: the given top-level fields, bound to nonce and audience. */
export async function presentContactProfile(options: {
  credential: string;
  holder: TestHolder;
  fields: string[];
  nonce: string;
  audience: string;
}): Promise<string> {
  return presentSdJwtVc({
    compact: options.credential,
    disclose: (path) => options.fields.includes(String(path[0])),
    keyBinding: {
      nonce: options.nonce,
      audience: options.audience,
      issuedAt: Math.floor(Date.now() / 1000),
      privateKey: options.holder.privateKey,
      alg: 'ES256',
    },
  });
}

/** The wallet provider's proof that the person entered a code sent to this address or number. */
export async function signChannelVerification(options: {
  walletKey: KeyObject;
  kid: string;
  holder: TestHolder;
  channel: 'email' | 'phone';
  value: string;
  verifiedAt: number;
}): Promise<string> {
  return new SignJWT({
    sub: options.holder.thumbprint,
    channel: options.channel,
    value: options.value,
    verified_at: options.verifiedAt,
  })
    .setProtectedHeader({ alg: 'ES256', typ: channelVerificationTyp, kid: options.kid })
    .setIssuer('http://wallet.example')
    .setIssuedAt()
    .sign(options.walletKey);
}

export async function signWithdrawal(options: {
  holder: TestHolder;
  audience: string;
  nonce: string;
  permissionId: string;
}): Promise<string> {
  return new SignJWT({ nonce: options.nonce, standing_permission_id: options.permissionId })
    .setProtectedHeader({ alg: 'ES256', typ: standingPermissionWithdrawalTyp })
    .setAudience(options.audience)
    .setIssuedAt()
    .sign(options.holder.privateKey);
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

export async function httpJson(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
