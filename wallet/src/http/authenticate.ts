import type { Request, RequestHandler, Response } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { readCookie } from '@min-profil/shared/http';
import type { WalletContext } from '../context.js';
import { hashSecret, safeEqual } from '@min-profil/shared/secrets';
import type { AccountRow, SessionRow } from '../persistence/entities.js';

export const sessionCookieName = 'min_profil_wallet';
export const csrfHeaderName = 'x-csrf-token';

export interface Person {
  account: AccountRow;
  via: 'session' | 'token';
  session?: SessionRow;
}

/** The signed-in person of this request (set by `requirePerson`). */
export function personOf(res: Response): Person {
  return res.locals.person as Person;
}

export async function findSession(ctx: WalletContext, req: Request) {
  const id = readCookie(req, sessionCookieName);
  if (!id) return null;
  const session = await ctx.store.findSession(hashSecret(id), ctx.now());
  if (!session) return null;
  const account = await ctx.store.findAccount(session.accountId);
  return account ? { session, account } : null;
}

/**
 * Who is asking: a personal access token (`Authorization: Bearer mpw_…`) or the session cookie.
 * Cookie-authenticated state-changing requests must also carry the session's CSRF token in
 * `X-CSRF-Token` (a header another site cannot set without CORS, which the wallet never grants).
 */
export function requirePerson(ctx: WalletContext): RequestHandler {
  return async (req, res, next) => {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/.exec(authorization);
      const token = match ? await ctx.store.findPersonalToken(hashSecret(match[1])) : null;
      const account = token ? await ctx.store.findAccount(token.accountId) : null;
      if (!token || !account) {
        throw new OAuthError('invalid_token', 'the access token is unknown or has been deleted', {
          headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        });
      }
      await ctx.store.touchPersonalToken(token.id, ctx.now());
      res.locals.person = { account, via: 'token' } satisfies Person;
      next();
      return;
    }
    const found = await findSession(ctx, req);
    if (!found) {
      throw new OAuthError('invalid_token', 'sign in first (or send a personal access token)', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const header = req.get(csrfHeaderName);
      if (!header || !safeEqual(header, found.session.csrfToken)) {
        throw new OAuthError(
          'access_denied',
          `a ${csrfHeaderName} header with the session's CSRF token is required`,
        );
      }
    }
    res.locals.person = { account: found.account, via: 'session', session: found.session } satisfies Person;
    next();
  };
}
