import { createHash, randomBytes } from 'node:crypto';
import { SdJwtError } from './sd-jwt-error.js';

/** A Disclosure as carried in the SD-JWT (RFC 9901 §4.2). `key` is absent for an array element. */
export interface Disclosure {
  /** The base64url string exactly as it appears between the `~`s: the digest is over this. */
  encoded: string;
  digest: string;
  salt: string;
  key?: string;
  value: unknown;
}

/** IANA "Named Information Hash Algorithm" names (RFC 9901 §4.1.1) that node:crypto provides. */
const HASH_ALGS: Record<string, string> = {
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
  'sha3-256': 'sha3-256',
  'sha3-384': 'sha3-384',
  'sha3-512': 'sha3-512',
};

export const DEFAULT_SD_ALG = 'sha-256';

/** Reads `_sd_alg` (default sha-256, RFC 9901 §4.1.1) and refuses anything we cannot compute. */
export function readSdAlg(payload: Record<string, unknown>): string {
  const sdAlg = payload._sd_alg ?? DEFAULT_SD_ALG;
  if (typeof sdAlg !== 'string' || !(sdAlg in HASH_ALGS)) {
    throw new SdJwtError('unsupported_sd_alg', `_sd_alg ${JSON.stringify(sdAlg)} is not supported`);
  }
  return sdAlg;
}

/** base64url(hash(ASCII input)), the digest form used for disclosures and `sd_hash`. */
export function hashBase64url(input: string, sdAlg: string): string {
  const nodeAlg = HASH_ALGS[sdAlg];
  if (nodeAlg === undefined) throw new SdJwtError('unsupported_sd_alg', `hash ${sdAlg} is not supported`);
  return createHash(nodeAlg).update(input, 'ascii').digest('base64url');
}

/** 128-bit salts: RFC 9901 §4.2.1 recommends 128 bits; sd-jwt-js's default is only 64. */
export function createSalt(): string {
  return randomBytes(16).toString('base64url');
}

export function createDisclosure(options: {
  salt: string;
  key?: string;
  value: unknown;
  sdAlg: string;
}): Disclosure {
  const array =
    options.key === undefined ? [options.salt, options.value] : [options.salt, options.key, options.value];
  const encoded = Buffer.from(JSON.stringify(array), 'utf8').toString('base64url');
  return {
    encoded,
    digest: hashBase64url(encoded, options.sdAlg),
    salt: options.salt,
    ...(options.key === undefined ? {} : { key: options.key }),
    value: options.value,
  };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Parses one Disclosure string; the digest is computed over the string as received. */
export function parseDisclosure(options: { encoded: string; sdAlg: string }): Disclosure {
  const { encoded, sdAlg } = options;
  if (!BASE64URL.test(encoded)) throw new SdJwtError('malformed', 'a disclosure is not base64url');
  let array: unknown;
  try {
    array = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new SdJwtError('malformed', 'a disclosure is not JSON', { cause });
  }
  // RFC 9901 §4.2.1 / §4.2.2: [salt, name, value] for a property, [salt, value] for an array element.
  if (!Array.isArray(array) || (array.length !== 2 && array.length !== 3) || typeof array[0] !== 'string') {
    throw new SdJwtError('malformed', 'a disclosure is not an array of salt, [name,] value');
  }
  const digest = hashBase64url(encoded, sdAlg);
  if (array.length === 2) return { encoded, digest, salt: array[0], value: array[1] };
  if (typeof array[1] !== 'string') {
    throw new SdJwtError('malformed', 'a disclosure claim name is not a string');
  }
  // RFC 9901 §7.1 step 3.c.ii.2: the claim name must not be `_sd` or `...`.
  if (array[1] === '_sd' || array[1] === '...') {
    throw new SdJwtError('reserved_claim_name', `a disclosure uses the reserved claim name ${array[1]}`);
  }
  return { encoded, digest, salt: array[0], key: array[1], value: array[2] };
}
