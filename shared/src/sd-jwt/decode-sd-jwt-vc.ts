import { isJsonObject, type JsonObject } from './jws.js';
import { parseSdJwt, resolveLimits, type SdJwtLimits } from './parse-sd-jwt.js';
import { resolveDisclosures, type ClaimPath, type ResolvedDisclosure } from './resolve-disclosures.js';

/** One claim as the wallet lists it: where it is, its value, and whether the person may withhold it. */
export interface DecodedClaim {
  path: ClaimPath;
  value: unknown;
  selectivelyDisclosable: boolean;
  /** Digest of the disclosure that carries this claim, when it is selectively disclosable. */
  digest?: string;
}

export interface DecodedSdJwtVc {
  header: JsonObject;
  payload: JsonObject;
  /** All claims with every disclosure applied. */
  claims: JsonObject;
  sdAlg: string;
  disclosures: ResolvedDisclosure[];
  /** Every claim, nested ones included, depth first. */
  claimList: DecodedClaim[];
  vct?: string;
  iss?: string;
}

/**
 * Decodes an SD-JWT VC the holder holds, applying every disclosure, so the wallet can show and
 * pick claims. Runs the same structural checks as verification but not the issuer signature:
 * the wallet verifies that once, when the credential arrives (`verifySdJwtVc`).
 */
export function decodeSdJwtVc(
  compact: string,
  options: { limits?: Partial<SdJwtLimits> } = {},
): DecodedSdJwtVc {
  const parsed = parseSdJwt({ compact, limits: options.limits });
  const { maxDepth } = resolveLimits(options.limits);
  const { claims, disclosures } = resolveDisclosures({
    payload: parsed.payload,
    disclosures: parsed.disclosures,
    maxDepth,
  });
  const digestByPath = new Map(disclosures.map((d) => [JSON.stringify(d.path), d.digest]));
  const claimList: DecodedClaim[] = [];
  const walk = (value: unknown, path: ClaimPath) => {
    if (path.length > 0) {
      const digest = digestByPath.get(JSON.stringify(path));
      claimList.push({
        path,
        value,
        selectivelyDisclosable: digest !== undefined,
        ...(digest ? { digest } : {}),
      });
    }
    if (Array.isArray(value)) value.forEach((child, index) => walk(child, [...path, index]));
    else if (isJsonObject(value))
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
  };
  walk(claims, []);
  const { vct, iss } = parsed.payload;
  return {
    header: parsed.header,
    payload: parsed.payload,
    claims,
    sdAlg: parsed.sdAlg,
    disclosures,
    claimList,
    ...(typeof vct === 'string' ? { vct } : {}),
    ...(typeof iss === 'string' ? { iss } : {}),
  };
}
