import { X509ChainError } from '../pki/x509-chain-error.js';
import { isAllowedAlg, verifyCompactJwtSignature, type JsonObject, type VerificationKey } from './jws.js';
import { parseSdJwt, resolveLimits, type ParsedSdJwt, type SdJwtLimits } from './parse-sd-jwt.js';
import { resolveDisclosures, type ResolvedDisclosure } from './resolve-disclosures.js';
import { SdJwtError } from './sd-jwt-error.js';
import {
  verifyKeyBindingJwt,
  type KeyBindingExpectation,
  type VerifiedKeyBinding,
} from './verify-key-binding-jwt.js';

export interface VerifySdJwtOptions {
  /** Issuance or presentation, with or without KB-JWT. */
  compact: string;
  resolveIssuerKey: (ctx: {
    iss: string | undefined;
    header: Record<string, unknown>;
  }) => Promise<VerificationKey>;
  /** When given, a KB-JWT is required and checked. */
  keyBinding?: KeyBindingExpectation;
  /** Seconds, for exp/nbf and KB-JWT freshness; default the system clock. */
  now?: number;
  /** Leeway for exp, nbf and a KB-JWT iat ahead of our clock; default 60 s. */
  clockSkewSeconds?: number;
  limits?: Partial<SdJwtLimits>;
  /** Accepted `typ` header values; undefined accepts any (plain RFC 9901 SD-JWT). */
  acceptedTyps?: readonly string[];
}

export interface VerifiedSdJwt {
  header: JsonObject;
  /** The signed payload, `_sd` arrays and all. */
  payload: JsonObject;
  /** What a verifier outputs: disclosed claims in place, no `_sd`, `_sd_alg` or digests. */
  claims: JsonObject;
  disclosures: ResolvedDisclosure[];
  sdAlg: string;
  /** Present only when a KB-JWT was required and verified. */
  keyBinding?: VerifiedKeyBinding;
}

export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** Parses and verifies an SD-JWT (RFC 9901 §7.1, §7.3). */
export async function verifySdJwt(options: VerifySdJwtOptions): Promise<VerifiedSdJwt> {
  const parsed = parseSdJwt({ compact: options.compact, limits: options.limits });
  return verifyParsedSdJwt({ ...options, parsed });
}

function readTime(payload: JsonObject, name: string): number | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SdJwtError('malformed', `${name} is not a number`);
  }
  return value;
}

/** The checks after parsing, for callers that looked at the parsed form first (as the VC layer does). */
export async function verifyParsedSdJwt(
  options: Omit<VerifySdJwtOptions, 'compact'> & { parsed: ParsedSdJwt },
): Promise<VerifiedSdJwt> {
  const { parsed } = options;
  const { header, payload } = parsed;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;

  // RFC 9901 §7.1 step 2.b: `none` and anything else we do not accept is refused up front.
  if (!isAllowedAlg(header.alg)) {
    throw new SdJwtError('unsupported_alg', `alg ${String(header.alg)} is not allowed`);
  }
  if (options.acceptedTyps !== undefined && !options.acceptedTyps.includes(header.typ as string)) {
    throw new SdJwtError('unsupported_typ', `typ ${String(header.typ)} is not accepted`);
  }
  const iss = payload.iss;
  if (iss !== undefined && typeof iss !== 'string') throw new SdJwtError('malformed', 'iss is not a string');

  let key: VerificationKey;
  try {
    key = await options.resolveIssuerKey({ iss, header });
  } catch (cause) {
    if (cause instanceof SdJwtError) throw cause;
    // A refused certificate chain says which certificate and why: the reason a verifier passes on.
    if (cause instanceof X509ChainError) {
      throw new SdJwtError(
        'issuer_key_unresolved',
        `the x5c chain is refused (${cause.code}): ${cause.message}`,
        {
          cause,
        },
      );
    }
    throw new SdJwtError('issuer_key_unresolved', 'no key for the issuer of the SD-JWT', { cause });
  }
  await verifyCompactJwtSignature({
    jwt: parsed.jwt,
    header,
    key,
    invalidCode: 'invalid_signature',
    what: 'the SD-JWT',
  });

  const exp = readTime(payload, 'exp');
  if (exp !== undefined && now >= exp + skew) throw new SdJwtError('expired', 'the SD-JWT has expired');
  const nbf = readTime(payload, 'nbf');
  if (nbf !== undefined && now + skew < nbf) {
    throw new SdJwtError('not_yet_valid', 'the SD-JWT is not valid yet');
  }

  const { maxDepth } = resolveLimits(options.limits);
  const { claims, disclosures } = resolveDisclosures({ payload, disclosures: parsed.disclosures, maxDepth });

  let keyBinding: VerifiedKeyBinding | undefined;
  if (options.keyBinding !== undefined) {
    // RFC 9901 §7.3 step 4: when Key Binding is required, an SD-JWT without a KB-JWT is rejected.
    if (parsed.kbJwt === undefined) throw new SdJwtError('kb_jwt_missing', 'the presentation has no KB-JWT');
    keyBinding = await verifyKeyBindingJwt({
      kbJwt: parsed.kbJwt,
      sdJwtPart: parsed.sdJwtPart,
      sdAlg: parsed.sdAlg,
      cnf: payload.cnf,
      expected: options.keyBinding,
      now,
      clockSkewSeconds: skew,
    });
  }
  return { header, payload, claims, disclosures, sdAlg: parsed.sdAlg, ...(keyBinding ? { keyBinding } : {}) };
}
