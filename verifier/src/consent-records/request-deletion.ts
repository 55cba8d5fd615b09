import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import { OAuthError } from '@min-profil/shared/errors';
import { termsOf } from '../consumers/consumer-config.js';
import type { VerifierContext } from '../context.js';
import type { ConsentRecordRow } from '../persistence/consent-record-entities.js';
import type { Transaction } from '../persistence/webhook-store.js';
import { enqueueWebhook } from '../webhook/deliver-webhook.js';
import { DELETION_ANSWER_TYP } from './consent-record-claims.js';

const iso = (epoch: number) => new Date(epoch * 1000).toISOString();

/**
 * An erasure request (GDPR Art. 17) for one record. Where the purpose's terms oblige the
 * consumer to keep the data (Art. 17(3)(b)) and that time has not run out, the answer is a
 * signed refusal naming the ground; otherwise the verifier deletes its copy (claim values, a
 * standing permission's profile) in the transaction that queues `record.deletion_requested`
 * for the consumer's own system, and signs a confirmation. The webhook goes either way.
 */
export async function requestDeletion(
  ctx: VerifierContext,
  record: ConsentRecordRow,
): Promise<{ status: 'deleted' | 'refused'; answer: string }> {
  const consumer = ctx.consumers.get(record.consumerId)!;
  const request =
    record.presentationRequestId !== null ? await ctx.store.findRequest(record.presentationRequestId) : null;
  const permission =
    record.standingPermissionId !== null
      ? await ctx.standingPermissions.findPermission(record.standingPermissionId)
      : null;
  const ownUrl = request?.callbackUrl ?? permission?.callbackUrl ?? null;
  const now = ctx.now();
  const obligation = termsOf(consumer.config, record.template).mustRetain;
  const retainUntil = obligation ? record.issuedAt + obligation.seconds : undefined;
  const refused = obligation !== undefined && retainUntil !== undefined && now < retainUntil;

  const notify = (tx: Transaction) => {
    const url = ownUrl ?? ctx.settings.standingPermissionWebhooks[record.consumerId];
    if (!url) return Promise.resolve();
    const event = 'record.deletion_requested' as const;
    return enqueueWebhook(
      ctx,
      {
        consumerId: record.consumerId,
        url,
        urlSource: ownUrl ? 'consumer' : 'operator',
        event,
        headers: { 'x-webhook-event': event, 'x-consent-record-id': record.id },
        body: JSON.stringify({
          event,
          record_id: record.id,
          ...(record.presentationRequestId ? { presentation_request_id: record.presentationRequestId } : {}),
          ...(record.standingPermissionId ? { standing_permission_id: record.standingPermissionId } : {}),
          fields: record.fields,
          requested_at: iso(now),
          outcome: refused ? 'refused' : 'deleted',
        }),
      },
      tx,
    );
  };

  if (refused) {
    await ctx.db.transaction(async (tx) => {
      await ctx.consentRecords.markRefused(record.id, now, tx);
      await notify(tx);
    });
  } else {
    const erased = await ctx.db.transaction(async (tx) => {
      if (!(await ctx.consentRecords.eraseRecord(record, now, tx))) return false;
      await notify(tx);
      return true;
    });
    // Another request with the same capability won: this one is a replay.
    if (!erased) throw new OAuthError('invalid_token', 'the capability is not valid for this record');
  }
  ctx.webhooks.kick();
  ctx.logger.info({ record: record.id, consumer: record.consumerId, refused }, 'deletion request answered');

  const answer = await signCompactJwt({
    header: { alg: 'ES256', typ: DELETION_ANSWER_TYP, kid: consumer.keys.signingKid },
    payload: {
      iss: request?.clientId ?? consumer.keys.clientId,
      iat: now,
      record_id: record.id,
      status: refused ? 'refused' : 'deleted',
      ...(refused
        ? { legal_ground: obligation!.ground, retained_until: iso(retainUntil!) }
        : { deleted_at: iso(now) }),
    },
    privateKey: consumer.keys.signing.signer,
  });
  return { status: refused ? 'refused' : 'deleted', answer };
}
