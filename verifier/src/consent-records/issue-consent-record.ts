import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { termsOf } from '../consumers/consumer-config.js';
import type { VerifierContext } from '../context.js';
import type { ConsentRecordRow } from '../persistence/consent-record-entities.js';
import type { PresentationRequestRow, VerifiedClaims } from '../persistence/entities.js';
import { fieldNames } from './log-record-use.js';
import { CONSENT_RECORD_TYP, consentRecordClaims, receivedFields } from './consent-record-claims.js';

/** What the `direct_post` answer carries to the wallet (docs/consent-records.md). */
export interface IssuedConsentRecord {
  /** The signed record (`consent-record+jwt`). */
  record: string;
  /** The random secret: only its hash is kept here. */
  capability: string;
}

/**
 * Records what a verified presentation gave the consumer and signs it with the consumer's
 * request-object key: the wallet's proof of the share and, with the capability, its handle to
 * later uses and erasure. A standing permission's record names the permission.
 */
export async function issueConsentRecord(options: {
  ctx: VerifierContext;
  row: PresentationRequestRow;
  claims: VerifiedClaims;
  standingPermissionId?: string;
  now: number;
}): Promise<IssuedConsentRecord> {
  const { ctx, row, now } = options;
  const consumer = ctx.consumers.get(row.consumerId)!;
  const terms = termsOf(consumer.config, row.template);
  const capability = randomToken();
  const record: ConsentRecordRow = {
    id: randomUUID(),
    consumerId: row.consumerId,
    presentationRequestId: row.id,
    standingPermissionId: options.standingPermissionId ?? null,
    capabilityHash: hashSecret(capability),
    template: row.template,
    fields: receivedFields(options.claims),
    status: 'active',
    issuedAt: now,
    expiresAt: now + terms.retentionSeconds,
    deletionRequestedAt: null,
  };
  await ctx.consentRecords.insertRecord(record);
  // The result, claims included, goes on to the consumer's own system by webhook.
  if (row.callbackUrl !== null) {
    await ctx.consentRecords.logUse({
      recordId: record.id,
      at: now,
      action: 'sent',
      fields: fieldNames(record.fields),
      purpose: row.purpose,
    });
  }
  const payload = consentRecordClaims({
    baseUrl: ctx.baseUrl,
    consumer,
    clientId: row.clientId,
    nonce: row.nonce,
    purpose: row.purpose,
    record,
  });
  const jwt = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: CONSENT_RECORD_TYP, kid: consumer.keys.signingKid })
    .sign(consumer.keys.signing.privateKey);
  return { record: jwt, capability };
}
