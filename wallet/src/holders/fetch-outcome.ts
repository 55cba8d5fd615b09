import type { Response } from 'express';
import type { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';

/**
 * How a failed holder fetch tells the page it returns to what went wrong: a short-lived cookie,
 * not the address. The callback redirects to the clean `return_to`, so no error code is ever in
 * the address bar, the history or a Referer, not even until the page cleans it up; the web app
 * reads the cookie once and deletes it (wallet/web/src/components/fetch-outcome.ts). It is not
 * HttpOnly because the page must read it, and holds nothing secret: a spec error code and its
 * English description, which the page turns into Swedish (or English) words.
 */
export const fetchOutcomeCookie = 'min_profil_fetch_outcome';

/** Long enough for the redirect and the page to load on a slow phone; gone soon after. */
const maxAgeMs = 120_000;

export function setFetchOutcome(ctx: WalletContext, res: Response, error: OAuthError): void {
  res.cookie(
    fetchOutcomeCookie,
    JSON.stringify({ error: error.code, error_description: error.message.slice(0, 300) }),
    {
      httpOnly: false,
      sameSite: 'lax',
      secure: ctx.baseUrl.startsWith('https:'),
      path: '/',
      maxAge: maxAgeMs,
    },
  );
}
