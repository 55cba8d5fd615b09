import { createHash } from 'node:crypto';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  jwtVerify,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';

export const dpopAlgorithms = ['ES256', 'ES384', 'EdDSA'];

/** Why a proof was refused: `use_dpop_nonce` asks the client to retry with the nonce it is given. */
export class DpopProofProblem extends Error {
  constructor(
    readonly code: 'invalid_dpop_proof' | 'use_dpop_nonce',
    description: string,
  ) {
    super(description);
  }
}

export interface VerifiedDpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's key (the `jkt` a token is bound to). */
  jkt: string;
  jti: string;
  /** Until when this proof could be accepted at all (its nonce's end): how long its `jti` must stay spent. */
  acceptableUntil: number;
}

/**
 * RFC 9449 §4.3: checks one DPoP proof JWT — typ, an asymmetric alg, a public `jwk` in the
 * header that verifies the signature (jose), `jti`, `htm`, `htu` (without query and fragment),
 * `iat` within `iatLeeway` either way, `ath` when an access token comes with it (§4.2), and a
 * fresh server-provided `nonce` (§8, §9). Freshness rests on the nonce, so `iat` only has to be
 * plausible: a wallet whose clock is some minutes off still gets through (§11.1).
 * Pure: spending the `jti` is the caller's step.
 */
export async function verifyDpopProof(options: {
  proof: string | undefined;
  method: string;
  url: string;
  now: number;
  iatLeeway: number;
  accessToken?: string;
  /** When the nonce stops being accepted, or undefined when it is not a fresh one of ours. */
  nonceExpiry: (nonce: unknown) => number | undefined;
}): Promise<VerifiedDpopProof> {
  const { proof, now } = options;
  // Two DPoP headers arrive joined by ", ", which no compact JWS contains.
  if (!proof || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(proof)) {
    throw new DpopProofProblem('invalid_dpop_proof', 'the DPoP header must hold exactly one compact JWT');
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopProofProblem('invalid_dpop_proof', 'the DPoP proof is not a JWT');
  }
  if (header.typ !== 'dpop+jwt')
    throw new DpopProofProblem('invalid_dpop_proof', 'DPoP proof typ must be "dpop+jwt"');
  if (!header.alg || !dpopAlgorithms.includes(header.alg)) {
    throw new DpopProofProblem(
      'invalid_dpop_proof',
      `DPoP proof alg must be one of ${dpopAlgorithms.join(', ')}`,
    );
  }
  if (!header.jwk || typeof header.jwk !== 'object' || 'd' in header.jwk) {
    throw new DpopProofProblem('invalid_dpop_proof', 'the DPoP proof header needs a public jwk');
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: dpopAlgorithms }));
  } catch {
    throw new DpopProofProblem('invalid_dpop_proof', 'the DPoP proof signature does not verify with its jwk');
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) {
    throw new DpopProofProblem('invalid_dpop_proof', 'the DPoP proof needs a jti');
  }
  if (payload.htm !== options.method) {
    throw new DpopProofProblem('invalid_dpop_proof', `the DPoP proof htm must be ${options.method}`);
  }
  if (typeof payload.htu !== 'string' || withoutQuery(payload.htu) !== withoutQuery(options.url)) {
    throw new DpopProofProblem(
      'invalid_dpop_proof',
      `the DPoP proof htu must be ${withoutQuery(options.url)}`,
    );
  }
  if (typeof payload.iat !== 'number' || Math.abs(payload.iat - now) > options.iatLeeway) {
    throw new DpopProofProblem(
      'invalid_dpop_proof',
      `the DPoP proof iat must be within ${options.iatLeeway} seconds of the server's time`,
    );
  }
  if (options.accessToken !== undefined) {
    const ath = createHash('sha256').update(options.accessToken).digest('base64url');
    if (payload.ath !== ath) {
      throw new DpopProofProblem('invalid_dpop_proof', 'the DPoP proof ath does not match the access token');
    }
  }
  const nonceExpiry = options.nonceExpiry(payload.nonce);
  if (nonceExpiry === undefined) {
    throw new DpopProofProblem(
      'use_dpop_nonce',
      payload.nonce === undefined
        ? 'the DPoP proof must carry the nonce this server provides (DPoP-Nonce)'
        : 'the DPoP nonce is unknown or stale: use the one in DPoP-Nonce',
    );
  }
  return {
    jkt: await calculateJwkThumbprint(header.jwk, 'sha256'),
    jti: payload.jti,
    acceptableUntil: nonceExpiry,
  };
}

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}
