import { OAuthError } from '@min-profil/shared/errors';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { PresentationRequestEntity, type CheckResult } from '../persistence/entities.js';
import { enqueuePresentationWebhook } from '../webhook/deliver-webhook.js';
import { createApprovalRequest, type CreatedApprovalRequest } from './create-approval-request.js';
import {
  SecondSignatoryEntity,
  type SecondSignatoryExpectation,
  type SecondSignatoryRow,
} from './second-signatory-entity.js';
import type { SecondSignatoryRequest } from './z-second-signatory-request.js';

const aad = (requestId: string) => `second_signatory:${requestId}`;

/**
 * Två i förening (docs/representation.md): the first signatory's request is
 * `pending_second_signatory`; the consumer names the second signatory and sends them an
 * approval request for the same template and a document. The second's verified answer — a
 * signatory credential of the same company, for the person named, who is not the first —
 * completes both.
 */
export async function askSecondSignatory(options: {
  ctx: VerifierContext;
  consumer: ConsumerRuntime;
  firstRequestId: string;
  request: SecondSignatoryRequest;
}): Promise<CreatedApprovalRequest> {
  const { ctx, consumer, request } = options;
  const first = await ctx.store.findRequest(options.firstRequestId);
  if (!first || first.consumerId !== consumer.config.id) {
    throw new OAuthError('not_found', 'no presentation request with that id');
  }
  if (first.status !== 'pending_second_signatory' || !first.template) {
    throw new OAuthError('invalid_request', 'the presentation request is not waiting for a second signatory');
  }
  // The first's claims say which company; they are kept VERIFIER_CLAIM_RETENTION seconds.
  if (!first.claims || (first.claimsExpireAt !== null && first.claimsExpireAt <= ctx.now())) {
    throw new OAuthError(
      'invalid_request',
      "the first signatory's claims are no longer kept (VERIFIER_CLAIM_RETENTION): the first signatory answers again",
    );
  }
  const signatory = Object.values(first.claims)
    .flat()
    .find((c) => c.vct.split('/').at(-1) === 'signatory');
  if (typeof signatory?.org_number !== 'string' || typeof signatory.personal_identity_number !== 'string') {
    throw new OAuthError('invalid_request', "the first signatory's org number and number were not disclosed");
  }
  if (signatory.personal_identity_number === request.personal_identity_number) {
    throw new OAuthError('invalid_request', 'the second signatory must be another person than the first');
  }
  const created = await createApprovalRequest({
    ctx,
    consumer,
    request: {
      title: request.title,
      document: request.document,
      template: first.template,
      // The second signatory answers by link or QR: a DC API first answer has no such mode to reuse.
      response_mode: first.responseMode === 'direct_post' ? 'direct_post' : 'direct_post.jwt',
      ...(first.callbackUrl ? { callback_url: first.callbackUrl } : {}),
    },
  });
  const expected: SecondSignatoryExpectation = {
    org_number: signatory.org_number,
    personal_identity_number: request.personal_identity_number,
    first_personal_identity_number: signatory.personal_identity_number,
  };
  await ctx.db.dataSource.getRepository(SecondSignatoryEntity).insert({
    requestId: created.row.id,
    firstRequestId: first.id,
    consumerId: consumer.config.id,
    expected: ctx.sealer.sealJson(consumer.config.id, aad(created.row.id), expected),
    createdAt: ctx.now(),
    completedAt: null,
  });
  return created;
}

/** What the answer to `requestId` must be, when it is a second signatory's approval request. */
export async function secondSignatoryExpectation(
  ctx: VerifierContext,
  requestId: string,
): Promise<(SecondSignatoryExpectation & { row: SecondSignatoryRow }) | undefined> {
  const row = await ctx.db.dataSource.getRepository(SecondSignatoryEntity).findOneBy({ requestId });
  if (!row) return undefined;
  return {
    ...ctx.sealer.openJson<SecondSignatoryExpectation>(row.consumerId, aad(requestId), row.expected),
    row,
  };
}

/**
 * The second signatory approved: the first's request becomes `verified` with a `signing_rule`
 * check naming the second's request, and its webhook is queued again (one transaction).
 */
export async function completeFirstSignatory(ctx: VerifierContext, row: SecondSignatoryRow, now: number) {
  await ctx.db.transaction(async (tx) => {
    const requests = tx.getRepository(PresentationRequestEntity);
    const first = await requests.findOneBy({ id: row.firstRequestId });
    if (!first || first.status !== 'pending_second_signatory') return;
    const check: CheckResult = {
      name: 'signing_rule',
      passed: true,
      detail: `two_jointly: the second signatory approved (request ${row.requestId})`,
    };
    await requests.update(
      { id: first.id },
      { status: 'verified', checks: [...(first.checks ?? []), check] as never },
    );
    await tx.getRepository(SecondSignatoryEntity).update({ requestId: row.requestId }, { completedAt: now });
    await enqueuePresentationWebhook(ctx, first.id, tx);
  });
  ctx.webhooks.kick();
}

/**
 * Housekeeping: a second signatory's row goes when its approval request is deleted (after the
 * approval retention, or unanswered after expiry), so the named person's number is not kept longer.
 */
export async function purgeOrphanedSecondSignatories(ctx: VerifierContext): Promise<number> {
  const requests = ctx.db.dataSource
    .createQueryBuilder()
    .subQuery()
    .select('r.id')
    .from(PresentationRequestEntity, 'r')
    .getQuery();
  const result = await ctx.db.dataSource
    .createQueryBuilder()
    .delete()
    .from(SecondSignatoryEntity)
    .where(`request_id NOT IN ${requests}`)
    .execute();
  return result.affected ?? 0;
}
