import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { ensureAccount } from '../src/accounts/accounts.js';
import type { WalletContext } from '../src/context.js';
import { sessionCookieName } from '../src/http/authenticate.js';
import type { WalletSession } from './wallet-api.js';

/**
 * A signed-in browser session made straight in the wallet's database, for tests that do not
 * need the eID sign-in itself (wallet-api.ts `signIn` goes through the real test eID).
 */
export async function openDirectSession(
  ctx: WalletContext,
  identityNumber: string,
): Promise<WalletSession & { accountId: string; cookie: string; csrf: string }> {
  const account = await ensureAccount(ctx, identityNumber);
  const id = randomToken();
  const csrf = randomToken();
  const now = ctx.now();
  await ctx.store.insertSession({
    idHash: hashSecret(id),
    accountId: account.id,
    csrfToken: csrf,
    createdAt: now,
    expiresAt: now + ctx.settings.sessionTtl,
  });
  const cookie = `${sessionCookieName}=${id}`;
  return { accountId: account.id, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
