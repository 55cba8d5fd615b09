import { Router, type Response } from 'express';
import type { IssuerContext } from '../context.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { completeAuthorization } from './complete-authorization.js';
import { createEidClient } from './eid-client.js';
import { RedirectableError, startAuthorization } from './start-authorization.js';

function redirectWithError(res: Response, error: RedirectableError, issuer: string): void {
  const url = new URL(error.redirectUri);
  url.searchParams.set('error', error.code);
  url.searchParams.set('error_description', error.message);
  if (error.state) url.searchParams.set('state', error.state);
  url.searchParams.set('iss', issuer);
  res.redirect(303, url.href);
}

/** Authorization code flow: the wallet sends the person here; the person signs in with eID. */
export function authorizationRoutes(ctx: IssuerContext): Router {
  const router = Router();
  const eid = createEidClient(ctx.eid);

  router.get('/:holder/authorize', async (req, res) => {
    const holder = resolveHolder(ctx, req);
    try {
      res.redirect(303, await startAuthorization({ ctx, holder, query: req.query, eid }));
    } catch (error) {
      if (error instanceof RedirectableError) redirectWithError(res, error, holder.issuerUrl);
      else throw error;
    }
  });

  router.get('/:holder/eid/callback', async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const callbackUrl = new URL(req.originalUrl, `${holder.issuerUrl}/`).href;
    try {
      res.redirect(303, await completeAuthorization({ ctx, holder, callbackUrl, eid }));
    } catch (error) {
      if (error instanceof RedirectableError) redirectWithError(res, error, holder.issuerUrl);
      else throw error;
    }
  });
  return router;
}
