import { Router, type NextFunction, type Request, type Response } from 'express';
import { isOAuthError, toErrorDescription } from '@min-profil/shared/errors';
import { formBody } from '@min-profil/shared/http';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { authenticateClient } from '../clients/authenticate-client.js';
import { completeAuthorization } from './complete-authorization.js';
import { decideConsent } from './decide-consent.js';
import { readCookie } from '@min-profil/shared/http';
import { eidBindingCookieName, eidBindingCookieScope } from './eid-browser-binding.js';
import { openConsent } from './open-consent.js';
import { pushAuthorizationRequest } from './push-authorization-request.js';
import { pageHeaders, renderErrorPage } from './render-pages.js';
import { RedirectableError } from './start-eid-sign-in.js';

function redirectWithError(res: Response, error: RedirectableError, issuer: string): void {
  const url = new URL(error.redirectUri);
  url.searchParams.set('error', error.code);
  url.searchParams.set('error_description', toErrorDescription(error.message));
  if (error.state) url.searchParams.set('state', error.state);
  url.searchParams.set('iss', issuer);
  res.redirect(303, url.href);
}

/**
 * The person's browser is on the holder's pages: an error that is not for a registered
 * redirect URI is a page here, never a redirect (RFC 6749 §4.1.2.1) and never JSON.
 */
function browserStep(
  ctx: IssuerContext,
  step: (holder: HolderRuntime, req: Request, res: Response) => Promise<void>,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const holder = ctx.holders.get(String(req.params.holder ?? ''));
    if (!holder) return next();
    try {
      await step(holder, req, res);
    } catch (error) {
      if (error instanceof RedirectableError) return redirectWithError(res, error, holder.issuerUrl);
      if (!isOAuthError(error)) return next(error);
      res
        .status(error.status >= 500 || error.status === 403 ? error.status : 400)
        .set(pageHeaders)
        .type('html')
        .send(
          renderErrorPage({
            holderName: holder.definition.name.sv,
            code: error.code,
            description: error.message,
            hint: error.extra.page_hint === 'other_browser' ? 'other_browser' : undefined,
          }),
        );
    }
  };
}

/** Authorization code flow: PAR, the holder's consent page, then the person's eID sign-in. */
export function authorizationRoutes(ctx: IssuerContext): Router {
  const router = Router();
  const { eid } = ctx;

  // RFC 9126 §2: the wallet pushes its request first; errors are JSON with the spec's codes.
  router.post('/:holder/par', formBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const clientId = (req.body as Record<string, unknown> | undefined)?.client_id;
    const response = await pushAuthorizationRequest({
      ctx,
      holder,
      body: req.body,
      authenticate: (client) =>
        authenticateClient(ctx, holder, req, {
          clientId: typeof clientId === 'string' ? clientId : undefined,
          client,
        }),
    });
    res.status(201).set('Cache-Control', 'no-store').json(response);
  });

  router.get(
    '/:holder/authorize',
    browserStep(ctx, async (holder, req, res) => {
      const page = await openConsent({ ctx, holder, query: req.query });
      res.status(200).set(pageHeaders).type('html').send(page);
    }),
  );

  router.post(
    '/:holder/authorize/decision',
    formBody(),
    browserStep(ctx, async (holder, req, res) => {
      const outcome = await decideConsent({ ctx, holder, body: req.body, eid });
      if ('redirect' in outcome) {
        if (outcome.eidBinding) {
          res.cookie(eidBindingCookieName(outcome.eidBinding.eidState), outcome.eidBinding.secret, {
            ...eidBindingCookieScope(holder),
            maxAge: ctx.settings.authorizationRequestTtl * 1000,
          });
        }
        res.redirect(303, outcome.redirect);
      } else res.status(200).set(pageHeaders).type('html').send(outcome.page);
    }),
  );

  router.get(
    '/:holder/eid/callback',
    browserStep(ctx, async (holder, req, res) => {
      const callbackUrl = new URL(req.originalUrl, `${holder.issuerUrl}/`).href;
      const cookieName = eidBindingCookieName(new URL(callbackUrl).searchParams.get('state') ?? '');
      const browserSecret = readCookie(req, cookieName);
      // Whatever the outcome, the cookie has done its work (the request completes once).
      res.clearCookie(cookieName, eidBindingCookieScope(holder));
      res.redirect(303, await completeAuthorization({ ctx, holder, callbackUrl, browserSecret, eid }));
    }),
  );
  return router;
}
