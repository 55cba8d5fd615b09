import { IsNull, Not, type EntityManager } from 'typeorm';
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
  const board = await boardRule(ctx, first.id, signatory, request.personal_identity_number);
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
    ...board,
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

/**
 * Styrelsen gemensamt: the consumer names each other board member in a request of their own;
 * the board's size comes from the first's credential (`board_size`), and no one approves twice.
 */
async function boardRule(
  ctx: VerifierContext,
  firstRequestId: string,
  signatory: Record<string, unknown>,
  named: string,
): Promise<Pick<SecondSignatoryExpectation, 'signing_rule' | 'board_size'>> {
  if (signatory.signing_rule !== 'board_jointly') return { signing_rule: 'two_jointly' };
  const size = signatory.board_size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 2) {
    throw new OAuthError(
      'invalid_request',
      "the first signatory's credential does not say how many sit on the board (board_size): they answer again with a new signatory credential",
    );
  }
  const approved = await approvedMembers(ctx, firstRequestId);
  if (approved.has(named)) {
    throw new OAuthError('invalid_request', 'that board member has already approved');
  }
  return { signing_rule: 'board_jointly', board_size: size };
}

/** Who has approved a first signatory's request so far: number → their request, oldest first. */
async function approvedMembers(
  ctx: VerifierContext,
  firstRequestId: string,
  manager: EntityManager = ctx.db.dataSource.manager,
): Promise<Map<string, string>> {
  const rows = await manager
    .getRepository(SecondSignatoryEntity)
    .find({ where: { firstRequestId, completedAt: Not(IsNull()) }, order: { completedAt: 'ASC' } });
  const approved = new Map<string, string>();
  for (const row of rows) {
    const expected = ctx.sealer.openJson<SecondSignatoryExpectation>(
      row.consumerId,
      aad(row.requestId),
      row.expected,
    );
    if (!approved.has(expected.personal_identity_number)) {
      approved.set(expected.personal_identity_number, row.requestId);
    }
  }
  return approved;
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
 * A second signatory approved: the first's request becomes `verified` with a `signing_rule`
 * check naming the approvals, and its webhook is queued again (one transaction). For
 * board_jointly that waits until every other board member has approved.
 */
export async function completeFirstSignatory(
  ctx: VerifierContext,
  second: SecondSignatoryExpectation & { row: SecondSignatoryRow },
  now: number,
) {
  const { row } = second;
  let completed = false;
  await ctx.db.transaction(async (tx) => {
    const requests = tx.getRepository(PresentationRequestEntity);
    // Board members approving at once: the first's row is locked so the last one sees all the
    // others (SQLite serialises writes already).
    const first = await requests.findOne({
      where: { id: row.firstRequestId },
      ...(ctx.db.kind === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!first || first.status !== 'pending_second_signatory') return;
    await tx.getRepository(SecondSignatoryEntity).update({ requestId: row.requestId }, { completedAt: now });
    let detail = `two_jointly: the second signatory approved (request ${row.requestId})`;
    if (second.signing_rule === 'board_jointly') {
      const approved = await approvedMembers(ctx, first.id, tx);
      // The first signatory is one of the board; everyone else approves once.
      if (approved.size + 1 < (second.board_size ?? Infinity)) return;
      detail = `board_jointly: all ${second.board_size} board members approved (requests ${[...approved.values()].join(', ')})`;
    }
    const check: CheckResult = { name: 'signing_rule', passed: true, detail };
    await requests.update(
      { id: first.id },
      { status: 'verified', checks: [...(first.checks ?? []), check] as never },
    );
    await enqueuePresentationWebhook(ctx, first.id, tx);
    completed = true;
  });
  if (completed) ctx.webhooks.kick();
}

/**
 * A named signatory's decline may change the first's request only while it waits: once it is
 * verified or refused, the decline is refused before the approval request is consumed
 * (`400 invalid_request`), and nothing changes.
 */
export async function refuseLateDecline(
  ctx: VerifierContext,
  second: SecondSignatoryExpectation & { row: SecondSignatoryRow },
): Promise<void> {
  const first = await ctx.store.findRequest(second.row.firstRequestId);
  if (first?.status === 'pending_second_signatory') return;
  throw new OAuthError(
    'invalid_request',
    `the first signatory's request is already ${first?.status ?? 'gone'}: a decline no longer changes it`,
  );
}

/**
 * The named second signatory or board member declined their approval request (the wallet's
 * `access_denied`, docs/representation.md): the first's request, if still waiting, is refused
 * with a failed `signing_rule` check naming the decline, its claims are dropped (as for any
 * refused answer) and its webhook is queued again, in one transaction.
 */
export async function declineFirstSignatory(
  ctx: VerifierContext,
  second: SecondSignatoryExpectation & { row: SecondSignatoryRow },
): Promise<boolean> {
  const { row } = second;
  let declined = false;
  await ctx.db.transaction(async (tx) => {
    const requests = tx.getRepository(PresentationRequestEntity);
    // Locked as for an approval, so a decline and the last approval cannot both win.
    const first = await requests.findOne({
      where: { id: row.firstRequestId },
      ...(ctx.db.kind === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!first || first.status !== 'pending_second_signatory') return;
    const detail =
      second.signing_rule === 'board_jointly'
        ? `board_jointly: declined by a board member (request ${row.requestId})`
        : `two_jointly: declined by the second signatory (request ${row.requestId})`;
    const check: CheckResult = { name: 'signing_rule', passed: false, detail };
    await requests.update(
      { id: first.id },
      {
        status: 'rejected',
        checks: [...(first.checks ?? []), check] as never,
        claims: null,
        claimsExpireAt: null,
        error: 'access_denied',
        errorDescription: `signing_rule: ${detail}`,
      },
    );
    await enqueuePresentationWebhook(ctx, first.id, tx);
    declined = true;
  });
  if (declined) ctx.webhooks.kick();
  return declined;
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
