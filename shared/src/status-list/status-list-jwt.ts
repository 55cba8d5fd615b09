import type { KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWK } from 'jose';
import { X509ChainError } from '../pki/x509-chain-error.js';
import { signerHeader, type SdJwtSigner } from '../sd-jwt/issue-sd-jwt-vc.js';
import { ALLOWED_JWS_ALGS, isAllowedAlg, signCompactJwt } from '../sd-jwt/jws.js';
import { decodeStatusList, type DecodeStatusListOptions, type StatusListView } from './decode-status-list.js';
import { StatusListError } from './status-list-error.js';
import type { StatusListBits } from './status-values.js';
import { zStatusListJwtPayload, type StatusListJwtPayload } from './z-status-list-jwt.js';

export const STATUS_LIST_JWT_TYP = 'statuslist+jwt';

export interface CreateStatusListJwtOptions {
  /** `sub`: the URI the Referenced Tokens carry in `status.status_list.uri`. */
  uri: string;
  issuer?: string;
  bits: StatusListBits;
  lst: string;
  /** Seconds a relying party may cache the list. */
  ttl: number;
  issuedAt: number;
  expiresAt?: number;
  signer: SdJwtSigner;
}

/** Signs a Status List Token in JWT format (header `typ: statuslist+jwt`). */
export async function createStatusListJwt(options: CreateStatusListJwtOptions): Promise<string> {
  const payload = {
    sub: options.uri,
    ...(options.issuer === undefined ? {} : { iss: options.issuer }),
    iat: options.issuedAt,
    ...(options.expiresAt === undefined ? {} : { exp: options.expiresAt }),
    ttl: options.ttl,
    status_list: { bits: options.bits, lst: options.lst },
  };
  return signCompactJwt({
    header: { alg: options.signer.alg, typ: STATUS_LIST_JWT_TYP, ...signerHeader(options.signer) },
    payload,
    privateKey: options.signer.privateKey,
  });
}

export interface VerifyStatusListJwtOptions {
  jwt: string;
  /** The `status.status_list.uri` of the credential being checked. */
  expectedUri: string;
  resolveKey: (ctx: {
    uri: string;
    iss?: string;
    header: Record<string, unknown>;
  }) => Promise<KeyObject | JWK>;
  /** Seconds; default the system clock. */
  now?: number;
  clockSkewSeconds?: number;
  limits?: Pick<DecodeStatusListOptions, 'maxEntries' | 'maxCompressedBytes' | 'maxDecompressedBytes'>;
}

export interface VerifiedStatusListJwt {
  bits: StatusListBits;
  list: StatusListView;
  ttl?: number;
  iat: number;
  exp?: number;
  payload: StatusListJwtPayload;
  header: Record<string, unknown>;
}

/** Verifies a Status List Token (Token Status List, "Validation Rules") and decodes its list. */
export async function verifyStatusListJwt(
  options: VerifyStatusListJwtOptions,
): Promise<VerifiedStatusListJwt> {
  let header: Record<string, unknown>;
  let unverified: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(options.jwt);
    unverified = decodeJwt(options.jwt);
  } catch (cause) {
    throw new StatusListError('malformed', 'the status list token is not a JWT', { cause });
  }
  if (header.typ !== STATUS_LIST_JWT_TYP) {
    throw new StatusListError('unsupported_typ', `typ ${String(header.typ)} is not ${STATUS_LIST_JWT_TYP}`);
  }
  if (!isAllowedAlg(header.alg)) {
    throw new StatusListError('unsupported_alg', `alg ${String(header.alg)} is refused`);
  }
  // "Validation Rules": the token's sub must be the uri the Referenced Token points at.
  if (unverified.sub !== options.expectedUri) {
    throw new StatusListError(
      'sub_mismatch',
      'the status list token is not the list the credential refers to',
    );
  }

  let key: KeyObject | JWK;
  try {
    const iss = typeof unverified.iss === 'string' ? unverified.iss : undefined;
    key = await options.resolveKey({ uri: options.expectedUri, ...(iss ? { iss } : {}), header });
  } catch (cause) {
    if (cause instanceof StatusListError) throw cause;
    if (cause instanceof X509ChainError) {
      throw new StatusListError(
        'key_unresolved',
        `the status list token's x5c chain is refused (${cause.code}): ${cause.message}`,
        { cause },
      );
    }
    throw new StatusListError('key_unresolved', 'no key for the status list issuer', { cause });
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  try {
    await jwtVerify(options.jwt, key, {
      algorithms: [...ALLOWED_JWS_ALGS],
      currentDate: new Date(now * 1000),
      clockTolerance: options.clockSkewSeconds ?? 60,
      requiredClaims: ['iat', 'sub'],
    });
  } catch (cause) {
    if (cause instanceof errors.JWTExpired) {
      throw new StatusListError('expired', 'the status list token expired', { cause });
    }
    if (cause instanceof errors.JWTClaimValidationFailed) {
      throw new StatusListError('malformed', `the status list token fails its ${cause.claim} check`, {
        cause,
      });
    }
    throw new StatusListError('invalid_signature', 'the status list token signature does not verify', {
      cause,
    });
  }

  const parsed = zStatusListJwtPayload.safeParse(unverified);
  if (!parsed.success) throw new StatusListError('malformed', 'the status list token payload is malformed');
  const payload = parsed.data;
  const list = decodeStatusList({
    ...options.limits,
    bits: payload.status_list.bits,
    lst: payload.status_list.lst,
  });
  return {
    bits: payload.status_list.bits,
    list,
    ...(payload.ttl === undefined ? {} : { ttl: payload.ttl }),
    iat: payload.iat,
    ...(payload.exp === undefined ? {} : { exp: payload.exp }),
    payload,
    header,
  };
}
