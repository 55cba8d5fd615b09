import { Router, type Response } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { hashSecret } from '@min-profil/shared/secrets';
import type { WalletContext } from '../context.js';
import { readCookie } from '@min-profil/shared/http';
import { findSession, requirePerson, sessionCookieName } from '../http/authenticate.js';

const loginCookieName = 'min_profil_login';
import { completeSignIn, safeReturnTo, startSignIn } from './sign-in.js';

function setSessionCookie(ctx: WalletContext, res: Response, value: string, maxAge: number): void {
  res.cookie(sessionCookieName, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.baseUrl.startsWith('https:'),
    path: '/',
    maxAge: maxAge * 1000,
  });
}

/** Sign-in with eID (`/auth/login` → eID → `/auth/callback`), sign-out, and who is signed in. */
export function authRoutes(ctx: WalletContext): Router {
  const router = Router();
  const { eid } = ctx;

  router.get('/auth/login', async (req, res) => {
    const { url, state } = await startSignIn(ctx, eid, safeReturnTo(req.query.return_to));
    // Binds the sign-in to this browser, so a callback URL from someone else's sign-in cannot
    // log this browser into their account (login CSRF, RFC 6749 §10.12).
    res.cookie(loginCookieName, hashSecret(state), {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.baseUrl.startsWith('https:'),
      path: '/auth',
      maxAge: ctx.settings.loginTtl * 1000,
    });
    res.redirect(303, url);
  });

  router.get('/auth/callback', async (req, res) => {
    try {
      const state = typeof req.query.state === 'string' ? req.query.state : '';
      const bound = readCookie(req, loginCookieName);
      res.clearCookie(loginCookieName, { path: '/auth' });
      if (!bound || bound !== hashSecret(state)) {
        throw new OAuthError('invalid_request', 'this sign-in was started in another browser; start again');
      }
      const { sessionId, returnTo } = await completeSignIn(
        ctx,
        eid,
        new URL(req.originalUrl, ctx.baseUrl).href,
      );
      setSessionCookie(ctx, res, sessionId, ctx.settings.sessionTtl);
      res.redirect(303, returnTo);
    } catch (error) {
      // A person in a browser (cancelled at the eID, or the sign-in failed) comes back to the
      // start page, which says so in words; programs keep the JSON error.
      if (!(error instanceof OAuthError) || req.accepts(['json', 'html']) !== 'html') throw error;
      res.redirect(303, `/?sign_in=${req.query.error === 'access_denied' ? 'cancelled' : 'failed'}`);
    }
  });

  router.post('/auth/logout', requirePerson(ctx), async (req, res) => {
    const id = readCookie(req, sessionCookieName);
    if (id) await ctx.store.deleteSession(hashSecret(id));
    res.clearCookie(sessionCookieName, { path: '/' });
    res.status(204).end();
  });

  // The SPA asks this first: signed in or not, and the CSRF token for its POST/DELETE calls.
  router.get('/api/session', async (req, res) => {
    const found = await findSession(ctx, req);
    res.set('Cache-Control', 'no-store');
    if (!found) {
      res.json({ signed_in: false, login_url: '/auth/login' });
      return;
    }
    res.json({
      signed_in: true,
      identity_number: found.account.identityNumber,
      csrf_token: found.session.csrfToken,
      expires_at: new Date(found.session.expiresAt * 1000).toISOString(),
      key_idle_seconds: ctx.settings.keyIdleSeconds,
    });
  });
  return router;
}
