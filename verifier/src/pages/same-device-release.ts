import { OAuthError } from '@min-profil/shared/errors';
import type { ConsumerRuntime } from '../context.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import { checkResponseCode } from '../presentation-request/check-response-code.js';

/**
 * HAIP 1.0 §5.1: in the same-device flow the verifier rejects a
 * presentation whose redirect back does not come, or comes to another session. A HAIP consumer's
 * page therefore makes separate requests for its links (same device, with `redirect_uri`) and
 * its QR code (another device, no redirect), and releases a same-device result only to the page
 * the wallet returns to with the `response_code`. Other consumers keep one request for both.
 */
export function separateSameDeviceRequest(consumer: ConsumerRuntime): boolean {
  return consumer.profile === 'haip';
}

/** A page request whose result needs the `response_code` of the redirect back. */
export function sameDeviceOnly(consumer: ConsumerRuntime, row: PresentationRequestRow): boolean {
  return separateSameDeviceRequest(consumer) && row.redirectUri !== null;
}

/** A page's poll of a same-device-only request: refused without its `response_code`. */
export function checkSameDeviceRelease(
  consumer: ConsumerRuntime,
  row: PresentationRequestRow,
  code: unknown,
): void {
  if (!sameDeviceOnly(consumer, row)) return;
  if (code === undefined) {
    throw new OAuthError(
      'invalid_request',
      'this request was for a wallet on this device: its result goes only to the page the wallet returns to, with the response_code',
    );
  }
  checkResponseCode(row, code);
}
