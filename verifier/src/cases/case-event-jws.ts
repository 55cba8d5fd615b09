import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import type { ConsumerKeys } from '../consumers/consumer-keys.js';
import type { CaseEventRow } from './case-entities.js';

/** docs/cases.md: the media type of a case event's JWS. */
export const CASE_EVENT_TYP = 'case-event+jwt';

/**
 * The claims of one case event as the wallet receives them (docs/cases.md "Events"). Pure:
 * the same row gives the same claims, so a retry sends the same event.
 */
export function caseEventClaims(row: CaseEventRow, walletCaseId: string) {
  const { payload } = row;
  return {
    case_id: walletCaseId,
    event_id: row.id,
    seq: row.seq,
    type: row.type,
    iat: row.createdAt,
    ...(payload.title !== undefined ? { title: payload.title } : {}),
    ...(payload.message !== undefined ? { message: payload.message } : {}),
    ...(payload.document ? { document: payload.document } : {}),
    ...(payload.requestUri ? { request_uri: payload.requestUri, client_id: payload.clientId } : {}),
    ...(payload.requestExpiresAt !== undefined ? { request_expires_at: payload.requestExpiresAt } : {}),
  };
}

/**
 * Signs an event with the consumer's request-signing key (the key the trust list names),
 * through the signing seam: in process, or in the PKCS#11 token (VERIFIER_PKCS11_*).
 */
export async function signCaseEvent(keys: ConsumerKeys, row: CaseEventRow, walletCaseId: string) {
  return signCompactJwt({
    header: { alg: 'ES256', typ: CASE_EVENT_TYP, kid: keys.signingKid },
    payload: { ...caseEventClaims(row, walletCaseId), iss: keys.clientId },
    privateKey: keys.signing.signer,
  });
}
