import { randomUUID } from 'node:crypto';
import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { termsOf } from '../consumers/consumer-config.js';
import type { VerifierContext } from '../context.js';
import type { ConsentRecordRow, ReceivedFields } from '../persistence/consent-record-entities.js';
import { fieldNames } from './log-record-use.js';
import { CONSENT_RECORD_TYP, consentRecordClaims } from './consent-record-claims.js';

/** What the `direct_post` answer carries to the wallet (docs/consent-records.md). */
export interface IssuedConsentRecord {
  /** The signed record (`consent-record+jwt`). */
  record: string;
  /** The random secret: only its hash is kept here. */
  capability: string;
}

/** The share a record documents: a verified presentation, or a standing permission's new fields. */
export interface RecordedShare {
  consumerId: string;
  /** The client identifier the wallet answered: the record's `iss`. */
  clientId: string;
  /** The request's nonce, or the update's c_nonce: binds the record to this share. */
  nonce: string;
  purpose: string;
  template: string | null;
  callbackUrl: string | null;
  presentationRequestId: string | null;
  standingPermissionId?: string;
  fields: ReceivedFields[];
}

/**
 * Records what a share gave the consumer and signs it with the consumer's request-object key:
 * the wallet's proof of the share and, with the capability, its handle to later uses and
 * erasure.
 */
export async function issueConsentRecord(
  ctx: VerifierContext,
  share: RecordedShare,
  now: number,
): Promise<IssuedConsentRecord> {
  const consumer = ctx.consumers.get(share.consumerId)!;
  const terms = termsOf(consumer.config, share.template);
  const capability = randomToken();
  const record: ConsentRecordRow = {
    id: randomUUID(),
    consumerId: share.consumerId,
    presentationRequestId: share.presentationRequestId,
    standingPermissionId: share.standingPermissionId ?? null,
    capabilityHash: hashSecret(capability),
    template: share.template,
    fields: share.fields,
    status: 'active',
    issuedAt: now,
    expiresAt: now + terms.retentionSeconds,
    deletionRequestedAt: null,
  };
  await ctx.consentRecords.insertRecord(record);
  // What was received goes on to the consumer's own system by webhook.
  if (share.callbackUrl !== null) {
    await ctx.consentRecords.logUse({
      recordId: record.id,
      at: now,
      action: 'sent',
      fields: fieldNames(record.fields),
      purpose: share.purpose,
    });
  }
  const payload = consentRecordClaims({
    baseUrl: ctx.baseUrl,
    consumer,
    clientId: share.clientId,
    nonce: share.nonce,
    purpose: share.purpose,
    record,
  });
  const jwt = await signCompactJwt({
    header: { alg: 'ES256', typ: CONSENT_RECORD_TYP, kid: consumer.keys.signingKid },
    payload,
    privateKey: consumer.keys.signing.signer,
  });
  return { record: jwt, capability };
}
