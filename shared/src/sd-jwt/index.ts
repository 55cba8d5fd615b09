/** SD-JWT (RFC 9901) and SD-JWT VC: issue, present, verify. Import from here or from each file. */
export { SdJwtError, isSdJwtError, type SdJwtErrorCode } from './sd-jwt-error.js';
export {
  issueSdJwtVc,
  createDisclosureFrameForAll,
  NON_DISCLOSABLE_VC_CLAIMS,
  SD_JWT_VC_TYP,
  type IssueSdJwtVcOptions,
  type SdJwtSigner,
} from './issue-sd-jwt-vc.js';
export type { DisclosureFrame } from './pack-claims.js';
export {
  verifySdJwtVc,
  ACCEPTED_SD_JWT_VC_TYPS,
  type VerifySdJwtVcOptions,
  type VerifiedSdJwtVc,
  type SdJwtVcStatus,
} from './verify-sd-jwt-vc.js';
export { verifySdJwt, type VerifySdJwtOptions, type VerifiedSdJwt } from './verify-sd-jwt.js';
export {
  hashTransactionData,
  DEFAULT_KB_MAX_AGE_SECONDS,
  type KeyBindingExpectation,
  type VerifiedKeyBinding,
} from './verify-key-binding-jwt.js';
export {
  presentSdJwtVc,
  createDisclosePredicate,
  type PresentSdJwtVcOptions,
  type PresentationFrame,
} from './present-sd-jwt-vc.js';
export { createKeyBindingJwt, type KeyBindingOptions } from './create-key-binding-jwt.js';
export { decodeSdJwtVc, type DecodedSdJwtVc, type DecodedClaim } from './decode-sd-jwt-vc.js';
export { parseSdJwt, DEFAULT_SD_JWT_LIMITS, type ParsedSdJwt, type SdJwtLimits } from './parse-sd-jwt.js';
export type { ClaimPath, ResolvedDisclosure } from './resolve-disclosures.js';
export type { Disclosure } from './disclosure.js';
export { readX5cCertificates } from './read-x5c-certificates.js';
export { ALLOWED_JWS_ALGS, type JwsAlg, type VerificationKey } from './jws.js';
