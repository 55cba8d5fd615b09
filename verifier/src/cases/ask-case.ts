import { randomUUID } from 'node:crypto';
import type { VerifierContext } from '../context.js';
import type { CaseRow } from './case-entities.js';
import { caseEndpoints } from './case-endpoints.js';
import type { CaseAsk } from './z-case.js';

/** Records the consumer's ask to open a case with a new presentation request (status `asked`). */
export async function recordCaseAsk(
  ctx: VerifierContext,
  consumerId: string,
  presentationRequestId: string,
  ask: CaseAsk,
): Promise<CaseRow> {
  const now = ctx.now();
  const row: CaseRow = {
    id: randomUUID(),
    consumerId,
    presentationRequestId,
    title: ask.title,
    reference: ask.reference,
    eventsEndpointHint: ask.events_endpoint_hint ?? null,
    status: 'asked',
    walletCaseId: null,
    inbox: null,
    nextSeq: 1,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.cases.insertCase(row);
  return row;
}

/** The request object's `case` parameter (docs/cases.md): a wallet that does not know it ignores it. */
export function caseRequestParameter(baseUrl: string, row: CaseRow) {
  return {
    title: row.title,
    reference: row.reference,
    ...(row.eventsEndpointHint ? { events_endpoint_hint: row.eventsEndpointHint } : {}),
    ...caseEndpoints(baseUrl, row.consumerId),
  };
}
