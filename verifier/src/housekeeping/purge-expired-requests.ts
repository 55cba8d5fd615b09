import type { VerifierContext } from '../context.js';

const batch = 500;

/**
 * Deletes presentation and approval requests (with the approval's document copy and evidence)
 * past their retention:
 * - unanswered, created by a demo page: once expired (the clock skew past `expires_at`, so no
 *   instance can still accept its response);
 * - unanswered, created through the API: `outboxRetention` after expiry, so the consumer can
 *   still read `expired` meanwhile;
 * - answered, created by a demo page: `claimRetention` after expiry, when the page session's
 *   cookie has lapsed and nobody can read it any more;
 * - approved: `approvalRetention` after approval (receipts are checked against the evidence
 *   until then).
 * Returns how many requests were deleted.
 */
export async function purgeExpiredRequests(ctx: VerifierContext, now: number): Promise<number> {
  const { settings } = ctx;
  const cuts = {
    unansweredPageBefore: now - settings.clockSkew,
    unansweredApiBefore: now - settings.clockSkew - settings.outboxRetention,
    answeredPageBefore: now - settings.claimRetention,
    approvedBefore: now - settings.approvalRetention,
  };
  let deleted = 0;
  for (;;) {
    const ids = await ctx.store.listPurgeableRequestIds(cuts, batch);
    deleted += await ctx.store.deleteRequests(ids);
    if (ids.length < batch) return deleted;
  }
}
