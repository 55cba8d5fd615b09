import { createDisclosure, createSalt, hashBase64url, type Disclosure } from './disclosure.js';
import { isJsonObject, type JsonObject } from './jws.js';
import { SdJwtError } from './sd-jwt-error.js';

/**
 * Which claims are selectively disclosable, in @sd-jwt/types DisclosureFrame form: `_sd` lists the
 * property names (or array indices) to make disclosable at this level, other keys hold the frame
 * for a nested object or array, `_sd_decoy` asks for that many decoy digests (RFC 9901 §4.2.5).
 */
export type DisclosureFrame = Record<string, unknown>;

interface PackContext {
  sdAlg: string;
  saltGenerator: () => string;
  disclosures: Disclosure[];
}

function readFrame(frame: unknown): { sd: Set<string>; decoys: number; frame: JsonObject } | undefined {
  if (frame === undefined) return undefined;
  if (!isJsonObject(frame)) throw new SdJwtError('invalid_claims', 'a disclosure frame is not an object');
  const sd = frame._sd ?? [];
  if (!Array.isArray(sd) || !sd.every((k) => typeof k === 'string' || typeof k === 'number')) {
    throw new SdJwtError('invalid_claims', 'a disclosure frame _sd is not a list of names or indices');
  }
  const decoys = frame._sd_decoy ?? 0;
  if (typeof decoys !== 'number' || !Number.isInteger(decoys) || decoys < 0 || decoys > 100) {
    throw new SdJwtError('invalid_claims', 'a disclosure frame _sd_decoy is not a small count');
  }
  return { sd: new Set(sd.map(String)), decoys, frame };
}

function childFrame(frame: JsonObject, key: string): unknown {
  return key !== '_sd' && key !== '_sd_decoy' && Object.hasOwn(frame, key) ? frame[key] : undefined;
}

function createDecoyDigest(ctx: PackContext): string {
  return hashBase64url(ctx.saltGenerator(), ctx.sdAlg);
}

/** Claims the issuer does not pack may still not use SD-JWT's own names, or verifiers misread them. */
function assertNoReservedNames(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(assertNoReservedNames);
  if (!isJsonObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '_sd' || key === '...') {
      throw new SdJwtError('invalid_claims', `claim name ${key} is reserved by SD-JWT`);
    }
    assertNoReservedNames(child);
  }
}

function packValue(ctx: PackContext, value: unknown, frame: unknown): unknown {
  const read = readFrame(frame);
  if (read === undefined) {
    assertNoReservedNames(value);
    return value;
  }
  if (Array.isArray(value)) return packArray(ctx, value, read);
  if (isJsonObject(value)) return packObject(ctx, value, read);
  throw new SdJwtError(
    'invalid_claims',
    'a disclosure frame is given for a value that is not an object or array',
  );
}

function packObject(ctx: PackContext, obj: JsonObject, read: NonNullable<ReturnType<typeof readFrame>>) {
  const out: JsonObject = {};
  const digests: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (key === '_sd' || key === '...' || key === '_sd_alg') {
      throw new SdJwtError('invalid_claims', `claim name ${key} is reserved by SD-JWT`);
    }
    const packed = packValue(ctx, value, childFrame(read.frame, key));
    if (read.sd.has(key)) {
      const disclosure = createDisclosure({
        salt: ctx.saltGenerator(),
        key,
        value: packed,
        sdAlg: ctx.sdAlg,
      });
      ctx.disclosures.push(disclosure);
      digests.push(disclosure.digest);
    } else {
      Object.defineProperty(out, key, {
        value: packed,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  for (let i = 0; i < read.decoys; i++) digests.push(createDecoyDigest(ctx));
  // RFC 9901 §4.2.4.1: sort the digests so their order does not reveal the claims' order.
  if (digests.length > 0) out._sd = digests.sort();
  return out;
}

function packArray(ctx: PackContext, arr: unknown[], read: NonNullable<ReturnType<typeof readFrame>>) {
  const out: unknown[] = arr.map((value, index) => {
    const packed = packValue(ctx, value, childFrame(read.frame, String(index)));
    if (!read.sd.has(String(index))) return packed;
    const disclosure = createDisclosure({ salt: ctx.saltGenerator(), value: packed, sdAlg: ctx.sdAlg });
    ctx.disclosures.push(disclosure);
    return { '...': disclosure.digest };
  });
  for (let i = 0; i < read.decoys; i++) out.push({ '...': createDecoyDigest(ctx) });
  return out;
}

/**
 * Replaces the claims the frame names by digests and returns the Disclosures (RFC 9901 §4.2).
 * Nested disclosable claims are packed first, so a parent's Disclosure carries their digests.
 * Names the frame lists but the claims lack are skipped: one frame serves people with fewer claims.
 */
export function packClaims(options: {
  claims: JsonObject;
  disclosureFrame: DisclosureFrame;
  sdAlg: string;
  saltGenerator?: () => string;
}): { payload: JsonObject; disclosures: Disclosure[] } {
  const ctx: PackContext = {
    sdAlg: options.sdAlg,
    saltGenerator: options.saltGenerator ?? createSalt,
    disclosures: [],
  };
  const payload = packValue(ctx, options.claims, options.disclosureFrame) as JsonObject;
  return { payload, disclosures: ctx.disclosures };
}
