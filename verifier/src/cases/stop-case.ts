import { OAuthError } from '@min-profil/shared/errors';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { enqueueCaseWebhook } from './case-webhook.js';

/**
 * The wallet tells the consumer that the person stopped a case (docs/cases.md "Stopping"). The
 * wallet's `case_id` authenticates it: only the wallet and this verifier know it. From now on the
 * case takes no events; the consumer's system is told by webhook (the request's callback_url),
 * as with a withdrawn standing permission. Answers the case's status (also when it already was).
 */
export async function stopCase(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  walletCaseId: string,
): Promise<string> {
  const row = await ctx.cases.findCaseByWalletId(consumer.config.id, walletCaseId);
  if (!row) throw new OAuthError('unknown_case', 'no case with that case_id');
  if (row.status !== 'open') return row.status;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await ctx.cases.changeStatus(row.id, ['open'], 'stopped', now, tx))) return;
    await enqueueCaseWebhook(ctx, { ...row, status: 'stopped', updatedAt: now }, 'case.stopped', tx);
  });
  ctx.webhooks.kick();
  ctx.logger.info({ consumer: consumer.config.id, case: row.id }, 'case stopped by the person');
  return 'stopped';
}
