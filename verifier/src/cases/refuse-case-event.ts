import type { OutboxClaim } from '@min-profil/shared/outbox/outbox-port';
import type { VerifierContext } from '../context.js';
import type { CaseEventRow } from './case-entities.js';
import { enqueueCaseWebhook } from './case-webhook.js';

/** Why the events after a refused one are refused too. */
export const EARLIER_EVENT_REFUSED = 'earlier_event_refused';

/**
 * The outbox worker's `refused` outcome for a case event (docs/cases.md "Delivery"), in one
 * transaction. The wallet applies a case's events only in order and without gaps, so once one
 * is refused for good none after it can ever be applied: retrying them would go on forever.
 * The events after it still queued are refused with it (`earlier_event_refused`), and the case
 * becomes `undeliverable` (it takes no new events) with a `case.undeliverable` webhook to the
 * consumer's system — unless the refusal is the person's stop, which is the case's end already.
 * False when the claim's lease was lost (the worker then changes nothing).
 */
export async function refuseCaseEvent(
  ctx: VerifierContext,
  claim: OutboxClaim<CaseEventRow>,
  done: { attempts: number; reason: string },
): Promise<boolean> {
  const { caseId, seq } = claim.row;
  const stopped = done.reason === 'case_stopped';
  let told = false;
  const settled = await ctx.db.transaction(async (tx) => {
    if (!(await ctx.cases.markEventRefused(claim, done, tx))) return false;
    const later = stopped ? 'case_stopped' : EARLIER_EVENT_REFUSED;
    await ctx.cases.refuseEventsAfter(caseId, seq, later, tx);
    if (stopped) return true;
    const now = ctx.now();
    if (await ctx.cases.changeStatus(caseId, ['open', 'closed'], 'undeliverable', now, tx)) {
      const row = await ctx.cases.findCase(caseId, tx);
      if (row) await enqueueCaseWebhook(ctx, row, 'case.undeliverable', tx);
      told = true;
    }
    return true;
  });
  if (told) {
    ctx.webhooks.kick();
    ctx.logger.warn({ case: caseId, seq, error: done.reason }, 'case undeliverable: an event was refused');
  }
  return settled;
}
