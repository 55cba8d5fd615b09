import type { Request } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { hashSecret, safeEqual } from '@min-profil/shared/secrets';
import type { VerifierContext } from '../context.js';
import type { ConsentRecordRow } from '../persistence/consent-record-entities.js';

const refused = () =>
  new OAuthError('invalid_token', 'the capability is not valid for this record', {
    headers: { 'WWW-Authenticate': 'Bearer realm="consent-record", error="invalid_token"' },
  });

/**
 * The record a request's capability (`Authorization: Bearer <capability>`) opens. A missing
 * record, a wrong capability and a spent one (the record was erased) are one answer, so nothing
 * says whether a record exists; the right capability at another consumer's path is refused as
 * `access_denied`.
 */
export async function recordForCapability(
  ctx: VerifierContext,
  req: Request,
  ids: { consumerId: string; recordId: string },
): Promise<ConsentRecordRow> {
  const presented = /^Bearer (\S{1,200})$/.exec(req.get('authorization') ?? '')?.[1];
  if (presented === undefined) throw refused();
  const record = await ctx.consentRecords.findRecord(ids.recordId);
  if (!record || !safeEqual(hashSecret(presented), record.capabilityHash) || record.status === 'deleted') {
    throw refused();
  }
  if (record.consumerId !== ids.consumerId) {
    throw new OAuthError('access_denied', 'this record was not issued by this consumer', { status: 403 });
  }
  return record;
}
