import type { VerifierContext } from '../context.js';
import { externalStatus } from '../presentation-request/describe-presentation-request.js';
import type { CaseEventRow, CaseRow } from './case-entities.js';

const iso = (epoch: number | null) => (epoch === null ? null : new Date(epoch * 1000).toISOString());

/** A case as its consumer's API shows it (never the wallet's case id or inbox). */
export function describeCase(row: CaseRow) {
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    reference: row.reference,
    presentation_request_id: row.presentationRequestId,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

/**
 * One event with its delivery, and for `needs_information` the state of its request: the
 * answer the person gave from the case shows here (docs/cases.md "Timeline").
 */
export async function describeCaseEvent(ctx: VerifierContext, row: CaseEventRow) {
  const { payload } = row;
  let answer: { presentation_request_id: string; status: string } | undefined;
  if (payload.presentationRequestId) {
    const request = await ctx.store.findRequest(payload.presentationRequestId);
    if (request) answer = { presentation_request_id: request.id, status: externalStatus(request, ctx.now()) };
  }
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    ...(payload.title !== undefined ? { title: payload.title } : {}),
    ...(payload.message !== undefined ? { message: payload.message } : {}),
    ...(payload.document ? { document: payload.document } : {}),
    ...(payload.requestUri ? { request_uri: payload.requestUri } : {}),
    ...(answer ? { request: answer } : {}),
    delivery: {
      status: row.status,
      attempts: row.attempts,
      last_error: row.lastError,
      delivered_at: iso(row.deliveredAt),
    },
    created_at: iso(row.createdAt),
  };
}
