import { OAuthError } from '@min-profil/shared/errors';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { ensureAccount } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import type { EidClient } from '@min-profil/shared/oidc-rp/eid-client';

export function redirectUriFor(ctx: WalletContext): string {
  return `${ctx.baseUrl}/auth/callback`;
}

/** Only same-origin paths are followed after sign-in (no open redirect). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 500 ? value : '/';
}

/** Starts an eID sign-in (OIDC code flow + PKCE); returns where to send the browser. */
export async function startSignIn(
  ctx: WalletContext,
  eid: EidClient,
  returnTo: string,
): Promise<{ url: string; state: string }> {
  // Signing in to the wallet always asks who you are (a shared computer, a new person after a
  // sign-out); the eID's single sign-on then carries that one sign-in on to the holders.
  const request = await eid.startSignIn({ redirectUri: redirectUriFor(ctx), extra: { prompt: 'login' } });
  await ctx.store.insertLoginRequest({
    state: request.state,
    nonce: request.nonce,
    codeVerifier: request.codeVerifier,
    returnTo,
    expiresAt: ctx.now() + ctx.settings.loginTtl,
  });
  return { url: request.url, state: request.state };
}

/** Completes the sign-in: verifies the eID answer, finds or creates the account, opens a session. */
export async function completeSignIn(
  ctx: WalletContext,
  eid: EidClient,
  callbackUrl: string,
): Promise<{ sessionId: string; returnTo: string }> {
  const state = new URL(callbackUrl).searchParams.get('state');
  const login = state ? await ctx.store.takeLoginRequest(state, ctx.now()) : null;
  if (!login)
    throw new OAuthError('invalid_request', 'this sign-in is unknown, used or expired; start again');
  let identityNumber: string;
  try {
    const result = await eid.completeSignIn({
      redirectUri: redirectUriFor(ctx),
      callbackUrl,
      expected: login,
    });
    identityNumber = result.identity.identityNumber;
  } catch (error) {
    ctx.logger.warn({ err: (error as Error).message }, 'eID sign-in failed');
    throw new OAuthError('access_denied', 'the eID sign-in could not be completed');
  }
  const account = await ensureAccount(ctx, identityNumber);
  const sessionId = randomToken();
  const now = ctx.now();
  await ctx.store.insertSession({
    idHash: hashSecret(sessionId),
    accountId: account.id,
    csrfToken: randomToken(),
    createdAt: now,
    expiresAt: now + ctx.settings.sessionTtl,
  });
  ctx.logger.info({ account: account.id }, 'signed in');
  return { sessionId, returnTo: login.returnTo };
}
