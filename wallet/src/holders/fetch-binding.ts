import { createHash, timingSafeEqual } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import type { WalletContext } from '../context.js';
import type { HolderAuthorizationRow } from '../persistence/entities.js';
import {
  zPendingAuthorizationRequest,
  type PendingAuthorizationRequest,
} from './z-pending-authorization-request.js';

/**
 * Binds a holder fetch to the browser that finishes it. Whoever starts a fetch (the web app,
 * or an API client with a personal access token) gets a one-time start URL on the wallet's own
 * origin; opening it sets an HttpOnly cookie with a fresh secret (only its hash is stored) and
 * sends the browser on to the holder. `/oid4vci/callback` finishes the fetch only when that
 * cookie comes back, so a holder sign-in link passed to someone else ends in nothing stored
 * (authorization request forgery; RFC 6749 §10.12, RFC 9700 §4.7).
 */
export const startPathPrefix = '/oid4vci/start/';

/** Each fetch has its own cookie, so two fetches in one browser do not overwrite each other. */
export function bindingCookieName(state: string): string {
  return `min_profil_fetch_${createHash('sha256').update(state).digest('hex').slice(0, 16)}`;
}

/** Stores the start URL (hashed) for a fetch, with the authorization request to push when opened. */
export async function createStartUrl(
  ctx: WalletContext,
  fetch: { state: string; request: PendingAuthorizationRequest },
): Promise<string> {
  const token = randomToken();
  const now = ctx.now();
  await ctx.store.deleteExpiredHolderFetchStarts(now);
  await ctx.store.insertHolderFetchStart({
    tokenHash: hashSecret(token),
    state: fetch.state,
    authorizationRequest: JSON.stringify(fetch.request),
    expiresAt: now + ctx.settings.holderAuthorizationTtl,
  });
  return `${ctx.baseUrl}${startPathPrefix}${token}`;
}

/**
 * Opens a start URL once: binds the fetch to a new browser secret, pushes its authorization
 * request to the holder (PAR) and says where to send the browser. A used, unknown or expired
 * start URL, or a fetch already bound, is refused.
 */
export async function openStartUrl(
  ctx: WalletContext,
  token: string,
  push: (request: PendingAuthorizationRequest) => Promise<string>,
): Promise<{ authorizationUrl: string; cookieName: string; secret: string }> {
  const now = ctx.now();
  const start = await ctx.store.takeHolderFetchStart(hashSecret(token), now);
  const secret = randomToken();
  if (!start || !(await ctx.store.bindHolderAuthorization(start.state, hashSecret(secret), now))) {
    throw new OAuthError(
      'invalid_request',
      'this start link is unknown, already used or expired; start the fetch again',
    );
  }
  const authorizationUrl = await push(
    zPendingAuthorizationRequest.parse(JSON.parse(start.authorizationRequest)),
  );
  return { authorizationUrl, cookieName: bindingCookieName(start.state), secret };
}

/** The callback must come from the browser that opened the start URL. */
export function assertBrowserBound(started: HolderAuthorizationRow, secret: string | undefined): void {
  const expected = started.browserBinding;
  const actual = secret === undefined ? undefined : hashSecret(secret);
  if (
    expected === null ||
    actual === undefined ||
    expected.length !== actual.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(actual))
  ) {
    throw new OAuthError(
      'access_denied',
      'this fetch was started in another browser: the sign-in link only works in the browser that opened the start link; nothing was stored',
      { status: 403, extra: { return_to: started.returnTo, not_bound: true } },
    );
  }
}
