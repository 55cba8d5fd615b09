import type { WalletContext } from '../context.js';
import type { HeldCredentialRow } from '../persistence/entities.js';
import type { PlannedAnswer } from '../presentation/plan-answer.js';
import type { StoredPresentationRequest } from '../presentation/resolve-presentation-request.js';
import { ConsumerJwtRefused, verifyConsumerJwt } from './verify-consumer-jwt.js';
import { zConsentRecordClaims, type ConsentRecordClaims } from './z-consent-record.js';

export const CONSENT_RECORD_TYP = 'consent-record+jwt';

/** What a record must match: the asker, the nonce of the share, what was sent, where it answered. */
export interface ShareToMatch {
  clientId: string;
  nonce: unknown;
  /** The origin the answer went to: the record's endpoints must be there too. */
  answeredAt: string;
  /** Were these claims sent for this credential query and type? */
  sent(received: { credential_query_id: string; vct: string; claims: string[] }): boolean;
}

/**
 * Is the record about the share just made? Signed by the asker (its `iss` the client identifier
 * answered), bound to the share (`nonce`), every field it names one that went out for that
 * query, and its endpoints at the verifier that took the answer (the capability goes nowhere else).
 */
export async function checkConsentRecord(
  ctx: Pick<WalletContext, 'trustList'>,
  share: ShareToMatch,
  jwt: string,
): Promise<ConsentRecordClaims> {
  const payload = await verifyConsumerJwt(ctx, share.clientId, jwt, CONSENT_RECORD_TYP);
  const parsed = zConsentRecordClaims.safeParse(payload);
  if (!parsed.success) throw new ConsumerJwtRefused('malformed_record');
  const record = parsed.data;
  if (record.nonce !== share.nonce) throw new ConsumerJwtRefused('other_request');
  if (!record.received.every((received) => share.sent(received)))
    throw new ConsumerJwtRefused('fields_not_sent');
  const origin = new URL(share.answeredAt).origin;
  if (new URL(record.usage_endpoint).origin !== origin || new URL(record.deletion_endpoint).origin !== origin)
    throw new ConsumerJwtRefused('foreign_endpoint');
  return record;
}

/** The record of a presentation: checked against the request answered and the plan sent. */
export function verifyConsentRecord(
  ctx: Pick<WalletContext, 'trustList'>,
  share: {
    stored: Pick<StoredPresentationRequest, 'client' | 'payload' | 'responseUri'>;
    plan: Array<PlannedAnswer<HeldCredentialRow>>;
  },
  jwt: string,
): Promise<ConsentRecordClaims> {
  const { stored, plan } = share;
  return checkConsentRecord(
    ctx,
    {
      clientId: stored.client.effective,
      nonce: stored.payload.nonce,
      answeredAt: stored.responseUri,
      sent: (received) => {
        const sent = plan.find((p) => p.queryId === received.credential_query_id);
        if (!sent || (sent.row.vct !== null && sent.row.vct !== received.vct)) return false;
        const names = new Set(sent.paths.map((path) => String(path[0])));
        return received.claims.every((claim) => names.has(claim));
      },
    },
    jwt,
  );
}
