import { OAuthError } from '@min-profil/shared/errors';
import { hashSecret, safeEqual } from '@min-profil/shared/secrets';
import type { PresentationRequestRow } from '../persistence/entities.js';

/**
 * OpenID4VP 1.0 §8.2: in the same-device flow the wallet returns the browser to `redirect_uri`
 * with a `response_code` only that browser receives. Where one is presented (the consumer API's
 * `?response_code=`, a demo page's poll after the return) it must be the one issued for this
 * request; absent, the caller's other binding (API key, page session) decides alone.
 */
export function checkResponseCode(row: PresentationRequestRow, code: unknown): void {
  if (code === undefined) return;
  if (
    typeof code !== 'string' ||
    !row.responseCodeHash ||
    !safeEqual(hashSecret(code), row.responseCodeHash)
  ) {
    throw new OAuthError('invalid_request', 'the response_code does not belong to this request');
  }
}
