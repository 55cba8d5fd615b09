import type { WalletContext } from '../context.js';
import type { HeldCredentialRow } from '../persistence/entities.js';
import type { PlannedAnswer } from '../presentation/plan-answer.js';
import type { StoredPresentationRequest } from '../presentation/resolve-presentation-request.js';
import { ConsumerJwtRefused, verifyConsumerJwt } from './verify-consumer-jwt.js';
import { zConsentRecordClaims, type ConsentRecordClaims } from './z-consent-record.js';

export const CONSENT_RECORD_TYP = 'consent-record+jwt';

/**
 * Is the record about the share just made? Signed by the asker (its `iss` the client identifier
 * answered), bound to the request (`nonce`), every field it names one that went out for that
 * query, and its endpoints at the verifier that took the answer (the capability goes nowhere else).
 */
export async function verifyConsentRecord(
  ctx: Pick<WalletContext, 'trustList'>,
  share: {
    stored: Pick<StoredPresentationRequest, 'client' | 'payload' | 'responseUri'>;
    plan: Array<PlannedAnswer<HeldCredentialRow>>;
  },
  jwt: string,
): Promise<ConsentRecordClaims> {
  const { stored, plan } = share;
  const payload = await verifyConsumerJwt(ctx, stored.client.effective, jwt, CONSENT_RECORD_TYP);
  const parsed = zConsentRecordClaims.safeParse(payload);
  if (!parsed.success) throw new ConsumerJwtRefused('malformed_record');
  const record = parsed.data;
  if (record.nonce !== stored.payload.nonce) throw new ConsumerJwtRefused('other_request');
  for (const received of record.received) {
    const sent = plan.find((p) => p.queryId === received.credential_query_id);
    if (!sent || (sent.row.vct !== null && sent.row.vct !== received.vct))
      throw new ConsumerJwtRefused('fields_not_sent');
    const names = new Set(sent.paths.map((path) => String(path[0])));
    if (!received.claims.every((claim) => names.has(claim))) throw new ConsumerJwtRefused('fields_not_sent');
  }
  const origin = new URL(stored.responseUri).origin;
  if (new URL(record.usage_endpoint).origin !== origin || new URL(record.deletion_endpoint).origin !== origin)
    throw new ConsumerJwtRefused('foreign_endpoint');
  return record;
}
