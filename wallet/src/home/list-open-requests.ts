import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import { identifyRequester } from '../presentation/identify-requester.js';
import type { HomeSummary } from './z-home-summary.js';

/** The newest few are enough for a start page; older ones expire within minutes anyway. */
const limit = 10;

/**
 * Requests the person opened and left without an answer that can still be answered. Requests
 * the wallet refuses to answer (an asker it cannot identify) are left out: nothing to decide.
 */
export async function listOpenRequests(
  ctx: WalletContext,
  account: AccountRow,
): Promise<HomeSummary['open_requests']> {
  const rows = await ctx.store.listOpenPresentationRequests(account.id, ctx.now(), limit);
  const described = await Promise.all(
    rows.map(async (row) => {
      const stored = row.request;
      const { consumer, refusal } = await identifyRequester(ctx, stored);
      if (refusal) return undefined;
      const clientName = (stored.payload.client_metadata as Record<string, unknown> | undefined)?.client_name;
      return {
        id: row.id,
        verifier: {
          client_id: stored.client.effective,
          name: consumer?.name ?? (typeof clientName === 'string' ? { und: clientName } : null),
        },
        received_at: new Date(row.createdAt * 1000).toISOString(),
        expires_at: new Date(row.expiresAt * 1000).toISOString(),
      };
    }),
  );
  return described.filter((r) => r !== undefined);
}
