import { randomUUID } from 'node:crypto';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';

/** The person's wallet account, created with a fresh data key on first sign-in. */
export async function ensureAccount(ctx: WalletContext, identityNumber: string): Promise<AccountRow> {
  const existing = await ctx.store.findAccountByIdentity(identityNumber);
  if (existing) return existing;
  const id = randomUUID();
  const { wrapped } = ctx.dataKeys.createDataKey(id);
  return ctx.store.insertAccountIfAbsent({
    id,
    identityNumber,
    wrappedDataKey: wrapped,
    createdAt: ctx.now(),
  });
}

/** The person's data key, unwrapped for this request only. */
export function dataKeyOf(ctx: WalletContext, account: AccountRow): Buffer {
  return ctx.dataKeys.unwrapDataKey(account.id, account.wrappedDataKey);
}
