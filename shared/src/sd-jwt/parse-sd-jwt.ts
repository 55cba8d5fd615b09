import { parseDisclosure, readSdAlg, type Disclosure } from './disclosure.js';
import { decodeCompactJwt, type JsonObject } from './jws.js';
import { SdJwtError } from './sd-jwt-error.js';

/** Bounds that keep hostile input from costing us memory or CPU. */
export interface SdJwtLimits {
  /** Characters of the whole compact form (SD-JWT + disclosures + KB-JWT). */
  maxLength: number;
  maxDisclosures: number;
  /** Nesting depth of the processed claims (the payload's top level is depth 1). */
  maxDepth: number;
}

export const DEFAULT_SD_JWT_LIMITS: SdJwtLimits = { maxLength: 64 * 1024, maxDisclosures: 200, maxDepth: 10 };

export interface ParsedSdJwt {
  /** The Issuer-signed JWT. */
  jwt: string;
  header: JsonObject;
  payload: JsonObject;
  sdAlg: string;
  disclosures: Disclosure[];
  /** The KB-JWT, when the compact form ends with one. */
  kbJwt?: string;
  /** Everything up to and including the last `~`: the input of `sd_hash` (RFC 9901 §4.3.1). */
  sdJwtPart: string;
}

export function resolveLimits(limits?: Partial<SdJwtLimits>): SdJwtLimits {
  return { ...DEFAULT_SD_JWT_LIMITS, ...limits };
}

/**
 * Splits `<JWT>~<D1>~...~<Dn>~[<KB-JWT>]` (RFC 9901 §4) and decodes every part once. Checks
 * structure and size only: no signature, no disclosure processing.
 */
export function parseSdJwt(options: { compact: string; limits?: Partial<SdJwtLimits> }): ParsedSdJwt {
  const { compact } = options;
  const limits = resolveLimits(options.limits);
  if (typeof compact !== 'string') throw new SdJwtError('malformed', 'the SD-JWT is not a string');
  if (compact.length > limits.maxLength) {
    throw new SdJwtError('too_large', `the SD-JWT is longer than ${limits.maxLength} characters`);
  }
  const lastTilde = compact.lastIndexOf('~');
  if (lastTilde < 0) throw new SdJwtError('malformed', 'the SD-JWT has no ~ separator');
  const parts = compact.split('~');
  if (parts.length - 2 > limits.maxDisclosures) {
    throw new SdJwtError('too_large', `the SD-JWT has more than ${limits.maxDisclosures} disclosures`);
  }
  const jwt = parts[0];
  const kbJwt = parts[parts.length - 1];
  // RFC 9901 §4: the form ends in `~` or in a KB-JWT; a trailing disclosure without its `~` would
  // otherwise be taken for a KB-JWT and silently dropped when key binding is not required.
  if (kbJwt.length > 0 && kbJwt.split('.').length !== 3) {
    throw new SdJwtError('malformed', 'the SD-JWT ends in neither ~ nor a KB-JWT');
  }
  const { header, payload } = decodeCompactJwt(jwt, 'malformed', 'the Issuer-signed JWT');
  const sdAlg = readSdAlg(payload);
  const disclosures = parts.slice(1, -1).map((encoded) => {
    if (encoded.length === 0) throw new SdJwtError('malformed', 'the SD-JWT has an empty disclosure');
    return parseDisclosure({ encoded, sdAlg });
  });
  return {
    jwt,
    header,
    payload,
    sdAlg,
    disclosures,
    ...(kbJwt.length > 0 ? { kbJwt } : {}),
    sdJwtPart: compact.slice(0, lastTilde + 1),
  };
}
