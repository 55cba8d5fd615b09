import { createKeyBindingJwt, type KeyBindingOptions } from './create-key-binding-jwt.js';
import { decodeSdJwtVc } from './decode-sd-jwt-vc.js';
import type { SdJwtLimits } from './parse-sd-jwt.js';
import type { ClaimPath } from './resolve-disclosures.js';

/**
 * Which claims to disclose, as in sd-jwt-js: `{ given_name: true, address: { locality: true },
 * nationalities: { 0: true } }`. `true` discloses the claim and everything nested in it.
 */
export interface PresentationFrame {
  [key: string]: boolean | PresentationFrame;
}

export interface PresentSdJwtVcOptions {
  /** The SD-JWT VC as issued (any KB-JWT on it is dropped). */
  compact: string;
  /**
   * Called with the path of each selectively disclosable claim (as `decodeSdJwtVc` lists them);
   * or a presentation frame. The disclosures a chosen claim is nested in are added by themselves.
   */
  disclose: ((path: ClaimPath) => boolean) | PresentationFrame;
  /** When given, a KB-JWT is appended (RFC 9901 §4.3). */
  keyBinding?: KeyBindingOptions;
  limits?: Partial<SdJwtLimits>;
}

/** Turns a presentation frame into the predicate `presentSdJwtVc` uses. */
export function createDisclosePredicate(frame: PresentationFrame): (path: ClaimPath) => boolean {
  return (path) => {
    let node: boolean | PresentationFrame | undefined = frame;
    for (const segment of path) {
      if (node === true) return true;
      if (typeof node !== 'object') return false;
      const key = String(segment);
      node = Object.hasOwn(node, key) ? node[key] : undefined;
    }
    return node === true;
  };
}

/**
 * What the wallet sends: the Issuer-signed JWT, the chosen disclosures (with every disclosure they
 * are nested in, RFC 9901 §7.2) and, when asked, a KB-JWT over exactly that.
 */
export async function presentSdJwtVc(options: PresentSdJwtVcOptions): Promise<string> {
  const { sdJwtPart, sdAlg } = selectSdJwtPart(options);
  if (options.keyBinding === undefined) return sdJwtPart;
  const kbJwt = await createKeyBindingJwt({ ...options.keyBinding, sdJwtPart, sdAlg });
  return sdJwtPart + kbJwt;
}

/**
 * The presentation without its KB-JWT: the Issuer-signed JWT and the chosen disclosures, ending
 * in `~`, and the digest algorithm its `sd_hash` uses.
 */
export function selectSdJwtPart(options: Pick<PresentSdJwtVcOptions, 'compact' | 'disclose' | 'limits'>): {
  sdJwtPart: string;
  sdAlg: string;
} {
  const decoded = decodeSdJwtVc(options.compact, { limits: options.limits });
  const disclose =
    typeof options.disclose === 'function' ? options.disclose : createDisclosePredicate(options.disclose);
  const byDigest = new Map(decoded.disclosures.map((d) => [d.digest, d]));
  const chosen = new Set<string>();
  for (const disclosure of decoded.disclosures) {
    if (!disclose(disclosure.path)) continue;
    for (let d: typeof disclosure | undefined = disclosure; d && !chosen.has(d.digest);) {
      chosen.add(d.digest);
      d = d.parentDigest === undefined ? undefined : byDigest.get(d.parentDigest);
    }
  }
  const jwt = options.compact.slice(0, options.compact.indexOf('~'));
  const parts = decoded.disclosures.filter((d) => chosen.has(d.digest)).map((d) => `${d.encoded}~`);
  return { sdJwtPart: `${jwt}~${parts.join('')}`, sdAlg: decoded.sdAlg };
}
