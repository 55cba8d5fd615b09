import type { VerifierContext } from '../context.js';
import type { CheckResult } from '../persistence/entities.js';
import type { VerifierStore } from '../persistence/verifier-store.js';
import { enqueuePresentationWebhook } from '../webhook/deliver-webhook.js';
import { failedStepOutcome } from './response-checks.js';

/**
 * Records the outcome and queues its webhook in one transaction (a crash keeps both or
 * neither), then wakes the worker once the row is committed and visible to it.
 */
export async function recordOutcome(
  ctx: VerifierContext,
  request: { id: string; consumerId: string },
  outcome: Parameters<VerifierStore['completeRequest']>[1],
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await ctx.store.completeRequest(request.id, outcome, tx, request.consumerId);
    await enqueuePresentationWebhook(ctx, request.id, tx);
  });
  ctx.webhooks.kick();
}

/**
 * Runs a step after the request was consumed; if it throws, the request is recorded as
 * rejected (it would otherwise stay pending for ever) and the error goes on to the caller.
 */
export async function orRecordFailure<T>(
  ctx: VerifierContext,
  failure: {
    request: { id: string; consumerId: string };
    checks: CheckResult[];
    detail: string;
    now: number;
  },
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (err) {
    await recordOutcome(ctx, failure.request, failedStepOutcome(failure.checks, failure.detail, failure.now));
    throw err;
  }
}
