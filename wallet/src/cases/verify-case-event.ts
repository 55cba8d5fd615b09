import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { zCaseEventClaims, type CaseEventClaims } from './z-case-event.js';

export const CASE_EVENT_TYP = 'case-event+jwt';

/**
 * Checks a case event's JWS against the keys the trust list gives the case's consumer, and
 * nothing else: an event signed by any other key, another consumer's included, does not verify.
 */
export async function verifyCaseEvent(
  jws: string,
  list: TrustList,
  consumerId: string,
): Promise<CaseEventClaims> {
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new OAuthError('invalid_case_event', 'the event is not a JWS');
  }
  if (header.typ !== CASE_EVENT_TYP || header.alg !== 'ES256') {
    throw new OAuthError('invalid_case_event', `the event must be an ES256 JWS with typ ${CASE_EVENT_TYP}`);
  }
  const consumer = list.consumers.find((c) => c.id === consumerId);
  for (const jwk of (consumer?.jwks.keys ?? []) as JWK[]) {
    let payload: Uint8Array;
    try {
      payload = (await compactVerify(jws, await importJWK(jwk, 'ES256'), { algorithms: ['ES256'] })).payload;
    } catch {
      continue;
    }
    let claims: unknown;
    try {
      claims = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      throw new OAuthError('invalid_case_event', 'the event payload is not JSON');
    }
    const parsed = zCaseEventClaims.safeParse(claims);
    if (!parsed.success) throw new OAuthError('invalid_case_event', 'the event claims are malformed');
    return parsed.data;
  }
  throw new OAuthError(
    'invalid_case_event',
    "the event's signature does not verify with the key the trust list gives this case's consumer",
  );
}
