import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { isJsonObject, type JsonObject } from './jws.js';
import { parseSdJwt, type ParsedSdJwt, type SdJwtLimits } from './parse-sd-jwt.js';
import { SdJwtError } from './sd-jwt-error.js';
import { verifyParsedSdJwt, type VerifiedSdJwt } from './verify-sd-jwt.js';
import type { KeyBindingExpectation } from './verify-key-binding-jwt.js';

export interface VerifySdJwtVcOptions {
  /** Issuance or presentation, with or without KB-JWT. */
  compact: string;
  /** Finds the issuer's public key (JWT VC Issuer Metadata, x5c, trust list): the caller's policy. */
  resolveIssuerKey: (ctx: { iss: string; header: Record<string, unknown> }) => Promise<KeyObject | JWK>;
  /** When given, a KB-JWT is required and checked against these values. */
  keyBinding?: KeyBindingExpectation;
  /** Seconds, for exp/nbf checks and KB-JWT iat freshness; default the system clock. */
  now?: number;
  /** Leeway for exp, nbf and a KB-JWT iat ahead of our clock; default 60 s. */
  clockSkewSeconds?: number;
  /** Defaults: 64 KiB, 200 disclosures, depth 10. */
  limits?: Partial<SdJwtLimits>;
  /** `parseSdJwt` of `compact` with the same limits, when the caller already has it. */
  parsed?: ParsedSdJwt;
}

export interface SdJwtVcStatus extends JsonObject {
  status_list?: { idx: number; uri: string };
}

export interface VerifiedSdJwtVc extends VerifiedSdJwt {
  vct: string;
  iss: string;
  cnf?: JsonObject & { jwk?: JWK };
  status?: SdJwtVcStatus;
}

/** `dc+sd-jwt` is the current media type; `vc+sd-jwt` the name before draft 06 (§3.1). */
export const ACCEPTED_SD_JWT_VC_TYPS = ['dc+sd-jwt', 'vc+sd-jwt'] as const;

/**
 * Verifies an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3, RFC 9901 §7): `typ`, issuer signature,
 * validity period, disclosures and, when `keyBinding` is given, the KB-JWT. Returns what a
 * verifier may use; throws `SdJwtError` with a stable code otherwise.
 */
export async function verifySdJwtVc(options: VerifySdJwtVcOptions): Promise<VerifiedSdJwtVc> {
  const parsed = options.parsed ?? parseSdJwt({ compact: options.compact, limits: options.limits });
  const { payload } = parsed;
  // SD-JWT VC §3.2.2.2: vct is required and never selectively disclosed; we also require iss.
  if (typeof payload.vct !== 'string' || payload.vct.length === 0) {
    throw new SdJwtError('missing_claim', 'the SD-JWT VC has no vct');
  }
  if (typeof payload.iss !== 'string' || payload.iss.length === 0) {
    throw new SdJwtError('missing_claim', 'the SD-JWT VC has no iss');
  }
  const iss = payload.iss;
  const cnf = readCnf(payload.cnf);
  const status = readStatus(payload.status);

  const verified = await verifyParsedSdJwt({
    parsed,
    resolveIssuerKey: ({ header }) => options.resolveIssuerKey({ iss, header }),
    keyBinding: options.keyBinding,
    now: options.now,
    clockSkewSeconds: options.clockSkewSeconds,
    limits: options.limits,
    acceptedTyps: ACCEPTED_SD_JWT_VC_TYPS,
  });
  return {
    ...verified,
    vct: payload.vct,
    iss,
    ...(cnf === undefined ? {} : { cnf }),
    ...(status === undefined ? {} : { status }),
  };
}

function readCnf(cnf: unknown): VerifiedSdJwtVc['cnf'] {
  if (cnf === undefined) return undefined;
  if (!isJsonObject(cnf) || (cnf.jwk !== undefined && !isJsonObject(cnf.jwk))) {
    throw new SdJwtError('malformed', 'cnf is not an object with a jwk object');
  }
  return cnf as VerifiedSdJwtVc['cnf'];
}

/** Token Status List §6.1: `status.status_list` is `{ idx, uri }`. */
function readStatus(status: unknown): SdJwtVcStatus | undefined {
  if (status === undefined) return undefined;
  if (!isJsonObject(status)) throw new SdJwtError('malformed', 'status is not an object');
  const list = status.status_list;
  if (list === undefined) return status;
  if (
    !isJsonObject(list) ||
    typeof list.idx !== 'number' ||
    !Number.isSafeInteger(list.idx) ||
    list.idx < 0 ||
    typeof list.uri !== 'string'
  ) {
    throw new SdJwtError('malformed', 'status.status_list is not { idx, uri }');
  }
  return status as SdJwtVcStatus;
}
