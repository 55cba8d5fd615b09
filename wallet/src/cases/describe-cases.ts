import type { WalletContext } from '../context.js';
import type { WalletCaseEventRow, WalletCaseRow } from './case-entities.js';

const iso = (epoch: number) => new Date(epoch * 1000).toISOString();

type AnswerState = {
  status: 'waiting' | 'answered' | 'expired';
  presentation_request_id: string | null;
  answered_at: string | null;
};

/** Whether the person has answered a `needs_information` event from the case. */
async function answerOf(ctx: WalletContext, event: WalletCaseEventRow): Promise<AnswerState> {
  const request = event.answerRequestId
    ? await ctx.store.findPresentationRequest(event.accountId, event.answerRequestId)
    : null;
  if (request?.answeredAt) {
    return { status: 'answered', presentation_request_id: request.id, answered_at: iso(request.answeredAt) };
  }
  // Past its request's lifetime the question can no longer be answered: it waits no more.
  const expired = event.requestExpiresAt !== null && event.requestExpiresAt <= ctx.now();
  return {
    status: expired ? 'expired' : 'waiting',
    presentation_request_id: request?.id ?? null,
    answered_at: null,
  };
}

/** A case waits for the person while it is open and an information request is unanswered. */
function waitingIn(row: WalletCaseRow, answers: Map<string, AnswerState>): boolean {
  return row.status === 'open' && [...answers.values()].some((a) => a.status === 'waiting');
}

async function answersOf(ctx: WalletContext, events: WalletCaseEventRow[]) {
  const answers = new Map<string, AnswerState>();
  for (const event of events) {
    if (event.type === 'needs_information') answers.set(event.id, await answerOf(ctx, event));
  }
  return answers;
}

function summary(row: WalletCaseRow, events: WalletCaseEventRow[], answers: Map<string, AnswerState>) {
  const last = events.at(-1);
  const answered = [...answers.values()].filter((a) => a.status === 'answered');
  const decision = [...events].reverse().find((e) => e.type === 'decision');
  return {
    id: row.id,
    title: row.title,
    reference: row.reference,
    consumer: { id: row.consumerId, client_id: row.clientId, name: row.consumerName },
    status: row.status,
    waiting_for_me: waitingIn(row, answers),
    // The thread through the person's shares: the one that opened the case and each answer
    // given from it, so "Vem har tagit del?" can say which of its entries belong to the case.
    presentation_request_ids: [
      row.presentationRequestId,
      ...answered.flatMap((a) => (a.presentation_request_id ? [a.presentation_request_id] : [])),
    ],
    last_event: last ? { type: last.type, seq: last.seq, at: iso(last.receivedAt) } : null,
    decision: decision ? { title: decision.title } : null,
    opened_at: iso(row.createdAt),
    last_activity_at: iso(row.lastActivityAt),
    stopped_at: row.stoppedAt === null ? null : iso(row.stoppedAt),
    // The `thread` of the case's entries in the person's log (never the case id there).
    log_thread: row.presentationRequestId,
  };
}

/** `GET /api/cases`: newest activity first, and how many wait for the person (the badge). */
export async function describeCases(ctx: WalletContext, accountId: string) {
  const rows = await ctx.cases.listCases(accountId);
  const cases = [];
  for (const row of rows) {
    const events = await ctx.cases.listEvents(row.id);
    cases.push(summary(row, events, await answersOf(ctx, events)));
  }
  return { cases, waiting: cases.filter((c) => c.waiting_for_me).length };
}

/** `GET /api/cases/{id}`: the case with its timeline (the share, each event, answers, the stop). */
export async function describeCase(ctx: WalletContext, row: WalletCaseRow) {
  const events = await ctx.cases.listEvents(row.id);
  const answers = await answersOf(ctx, events);
  const timeline: Array<Record<string, unknown>> = [
    { kind: 'shared', at: iso(row.createdAt), presentation_request_id: row.presentationRequestId },
  ];
  for (const event of events) {
    const answer = answers.get(event.id);
    timeline.push({
      kind: 'event',
      at: iso(event.receivedAt),
      id: event.id,
      seq: event.seq,
      type: event.type,
      title: event.title,
      message: event.message,
      ...(event.documentMeta
        ? {
            document: {
              ...event.documentMeta,
              url: `/api/cases/${row.id}/events/${event.id}/document`,
            },
          }
        : {}),
      ...(answer ? { answer } : {}),
    });
    if (answer?.status === 'answered') {
      timeline.push({
        kind: 'answered',
        at: answer.answered_at,
        in_reply_to: event.seq,
        presentation_request_id: answer.presentation_request_id,
      });
    }
  }
  if (row.stoppedAt !== null) timeline.push({ kind: 'stopped', at: iso(row.stoppedAt) });
  return { ...summary(row, events, answers), timeline };
}
