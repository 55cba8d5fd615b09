import { createHmac } from 'node:crypto';

/**
 * The usage log's key for a person at a holder: HMAC-SHA256 of the identity number under the
 * issuer's secret (as credential dataset identifiers are). A dump of the log names nobody and
 * does not link one person's rows across holders; only the issuer, holding the secret, finds
 * a person's rows from their number.
 */
export function usagePersonKey(secret: Buffer, holderId: string, identityNumber: string): string {
  return createHmac('sha256', secret).update(`usage-log:${holderId}:${identityNumber}`).digest('base64url');
}
