import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { WalletCaseRow } from './case-entities.js';
import { logCase } from './log-case.js';

/**
 * The person stops a case (docs/cases.md "Stopping"): from now on its inbox refuses every event
 * (410), and the consumer is told at its stop endpoint through the stop-notice outbox, queued
 * in the transaction that stops the case, so the notice survives a restart and is retried
 * until the consumer takes it. One attempt is made at once: `consumer_told` says whether it
 * arrived; when not, the outbox keeps trying (and the consumer also learns it from the 410 of
 * its next event).
 */
export async function stopCase(ctx: WalletContext, row: WalletCaseRow): Promise<{ consumer_told: boolean }> {
  if (row.status !== 'open')
    throw new OAuthError('invalid_request', `the case is ${row.status} already`, { status: 409 });
  const now = ctx.now();
  const stopped = await ctx.db.transaction(async (tx) => {
    if (!(await ctx.cases.stopCase(row.id, now, tx))) return false;
    await ctx.stopNotices.enqueue(tx, { caseId: row.id, stopEndpoint: row.stopEndpoint }, now);
    return true;
  });
  if (stopped) await logCase(ctx, row, 'case stopped by you');
  // One pass now (the worker's poll and backoff take it from there).
  await ctx.caseStops.runOnce();
  const notice = await ctx.stopNotices.findByCase(row.id);
  return { consumer_told: notice?.status === 'delivered' };
}
