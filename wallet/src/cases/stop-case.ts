import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { WalletCaseRow } from './case-entities.js';
import { logCase } from './log-case.js';

/**
 * The person stops a case (docs/cases.md "Stopping"): from now on its inbox refuses every event
 * (410), and the consumer is told at its stop endpoint. Should that notice not arrive, the
 * consumer learns it from the 410 of its next event.
 */
export async function stopCase(ctx: WalletContext, row: WalletCaseRow): Promise<{ consumer_told: boolean }> {
  if (row.status !== 'open')
    throw new OAuthError('invalid_request', `the case is ${row.status} already`, { status: 409 });
  if (await ctx.cases.stopCase(row.id, ctx.now())) await logCase(ctx, row, 'case stopped by you');
  try {
    const response = await ctx.fetch(row.stopEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ case_id: row.id }),
    });
    await response.body?.cancel();
    if (!response.ok) ctx.logger.warn({ status: response.status }, 'case stop notice refused');
    return { consumer_told: response.ok };
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).name }, 'case stop notice not delivered');
    return { consumer_told: false };
  }
}
