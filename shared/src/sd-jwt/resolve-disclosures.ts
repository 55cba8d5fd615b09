import type { Disclosure } from './disclosure.js';
import { isJsonObject, type JsonObject } from './jws.js';
import { SdJwtError } from './sd-jwt-error.js';

export type ClaimPath = Array<string | number>;

/** A disclosure together with where it landed in the processed claims. */
export interface ResolvedDisclosure extends Disclosure {
  path: ClaimPath;
  /** The digest of the disclosure this one is nested in, if any (needed to present it). */
  parentDigest?: string;
}

export interface ResolvedClaims {
  /** The processed payload: disclosures inserted, `_sd`, `_sd_alg` and undisclosed digests removed. */
  claims: JsonObject;
  /** In the order the disclosures appeared in the SD-JWT. */
  disclosures: ResolvedDisclosure[];
}

interface State {
  byDigest: Map<string, Disclosure>;
  seenDigests: Set<string>;
  placed: Map<string, { path: ClaimPath; parentDigest?: string }>;
  maxDepth: number;
}

/** Sets an own property, so a claim named `__proto__` cannot reach the prototype. */
function setClaim(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function isArrayDigestRef(value: unknown): value is { '...': unknown } {
  return isJsonObject(value) && Object.keys(value).length === 1 && Object.hasOwn(value, '...');
}

function takeDigest(state: State, digest: unknown): Disclosure | undefined {
  if (typeof digest !== 'string') throw new SdJwtError('malformed', 'a digest is not a string');
  // RFC 9901 §7.1 step 4: a digest found more than once makes the SD-JWT invalid.
  if (state.seenDigests.has(digest)) {
    throw new SdJwtError('duplicate_digest', 'a digest appears more than once');
  }
  state.seenDigests.add(digest);
  return state.byDigest.get(digest);
}

function resolveValue(
  state: State,
  value: unknown,
  path: ClaimPath,
  parent: string | undefined,
  depth: number,
) {
  if (Array.isArray(value)) return resolveArray(state, value, path, parent, depth + 1);
  if (isJsonObject(value)) return resolveObject(state, value, path, parent, depth + 1);
  return value;
}

function checkDepth(state: State, depth: number): void {
  if (depth > state.maxDepth) throw new SdJwtError('too_large', `claims nest deeper than ${state.maxDepth}`);
}

function resolveObject(
  state: State,
  obj: JsonObject,
  path: ClaimPath,
  parent: string | undefined,
  depth: number,
) {
  checkDepth(state, depth);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === '_sd' || (depth === 1 && key === '_sd_alg')) continue;
    setClaim(out, key, resolveValue(state, value, [...path, key], parent, depth));
  }
  const sd = obj._sd;
  if (sd === undefined) return out;
  // RFC 9901 §7.1 step 3.c.i: `_sd` must be an array of digests.
  if (!Array.isArray(sd)) throw new SdJwtError('malformed', '_sd is not an array');
  for (const digest of sd) {
    const disclosure = takeDigest(state, digest);
    if (disclosure === undefined) continue; // a decoy, or a claim the holder did not disclose
    if (disclosure.key === undefined) {
      throw new SdJwtError('malformed', 'an array-element disclosure is referenced from an _sd array');
    }
    // RFC 9901 §7.1 step 3.c.ii.3: the claim name must not already exist at this level.
    if (Object.hasOwn(obj, disclosure.key) || Object.hasOwn(out, disclosure.key)) {
      throw new SdJwtError(
        'claim_name_conflict',
        `claim ${disclosure.key} is disclosed where it already exists`,
      );
    }
    const claimPath = [...path, disclosure.key];
    state.placed.set(disclosure.digest, { path: claimPath, parentDigest: parent });
    setClaim(out, disclosure.key, resolveValue(state, disclosure.value, claimPath, disclosure.digest, depth));
  }
  return out;
}

function resolveArray(
  state: State,
  arr: unknown[],
  path: ClaimPath,
  parent: string | undefined,
  depth: number,
) {
  checkDepth(state, depth);
  const out: unknown[] = [];
  for (const element of arr) {
    if (!isArrayDigestRef(element)) {
      out.push(resolveValue(state, element, [...path, out.length], parent, depth));
      continue;
    }
    // RFC 9901 §7.1 step 3.d: `{"...": digest}` stands for an array element.
    const disclosure = takeDigest(state, element['...']);
    if (disclosure === undefined) continue; // not disclosed: the element is removed
    if (disclosure.key !== undefined) {
      throw new SdJwtError('malformed', 'an object-property disclosure is referenced from an array');
    }
    const elementPath = [...path, out.length];
    state.placed.set(disclosure.digest, { path: elementPath, parentDigest: parent });
    out.push(resolveValue(state, disclosure.value, elementPath, disclosure.digest, depth));
  }
  return out;
}

/**
 * Processes the Disclosures against the Issuer-signed JWT payload (RFC 9901 §7.1 steps 3–5):
 * rejects duplicated Disclosures, digests found twice, reserved or clashing claim names and any
 * Disclosure not referenced from the payload (directly or through another Disclosure).
 */
export function resolveDisclosures(options: {
  payload: JsonObject;
  disclosures: Disclosure[];
  maxDepth: number;
}): ResolvedClaims {
  const byDigest = new Map<string, Disclosure>();
  for (const disclosure of options.disclosures) {
    if (byDigest.has(disclosure.digest)) {
      throw new SdJwtError('duplicate_disclosure', 'the same disclosure is included more than once');
    }
    byDigest.set(disclosure.digest, disclosure);
  }
  const state: State = { byDigest, seenDigests: new Set(), placed: new Map(), maxDepth: options.maxDepth };
  const claims = resolveObject(state, options.payload, [], undefined, 1);
  const disclosures = options.disclosures.map((disclosure) => {
    const placed = state.placed.get(disclosure.digest);
    // RFC 9901 §7.1 step 5: every Disclosure must be referenced.
    if (placed === undefined) {
      throw new SdJwtError('disclosure_not_referenced', 'a disclosure is not referenced by the SD-JWT');
    }
    return { ...disclosure, ...placed };
  });
  return { claims, disclosures };
}
