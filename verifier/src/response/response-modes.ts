import type { PresentationRequestRow } from '../persistence/entities.js';

type ResponseMode = PresentationRequestRow['responseMode'];

/** The response is a JWE to the request's own key (`direct_post.jwt`, and `dc_api.jwt`, Appendix A.3). */
export function isEncryptedMode(mode: ResponseMode): boolean {
  return mode === 'direct_post.jwt' || mode === 'dc_api.jwt';
}

/** OpenID4VP 1.0 Appendix A: the request goes through the browser's Digital Credentials API. */
export function isDcApiMode(mode: ResponseMode): boolean {
  return mode === 'dc_api' || mode === 'dc_api.jwt';
}
