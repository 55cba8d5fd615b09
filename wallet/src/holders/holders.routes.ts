import { Router } from 'express';
import { z } from 'zod';
import { zDpopKeyId } from '../credential-offer/z-credential-offer-request.js';
import { OAuthError, isOAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import { safeReturnTo } from '../auth/sign-in.js';
import type { WalletContext } from '../context.js';
import { readCookie } from '@min-profil/shared/http';
import { findSession, personOf, requirePerson } from '../http/authenticate.js';
import { bindingCookieName, openStartUrl, startPathPrefix } from './fetch-binding.js';
import { fetchRefusedPage } from './fetch-refused-page.js';
import { setFetchOutcome } from './fetch-outcome.js';
import { pageKeysForFetch } from './fetch-keys.js';
import { completeHolderFetch, pushHolderAuthorizationRequest, startHolderFetch } from './holder-fetch.js';

export const zFetchRequest = z
  .object({
    credential_configuration_id: z.string().min(1).max(200),
    return_to: z.string().max(500).optional().meta({ description: 'Same-origin path' }),
    holder_key_ids: z.array(z.string().min(1).max(100)).min(1).max(20).optional().meta({
      description:
        'A passkey-protected account: the keys the page made (POST /api/holder-keys) after the 202 keys_needed answer',
    }),
    dpop_key_id: zDpopKeyId,
  })
  .strict();

/** The holder catalogue (from the trust list) and wallet-initiated fetching from a holder. */
export function holderRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.get('/api/holders', auth, async (_req, res) => {
    const list = await ctx.trustList.get();
    res.set('Cache-Control', 'no-store').json({
      holders: list.issuers.map((issuer) => ({
        id: issuer.id,
        name: issuer.name,
        credential_issuer: issuer.credential_issuer,
        credential_types: issuer.credential_types.map((t) => ({
          format: t.format,
          type: t.type,
          credential_configuration_id: t.credential_configuration_id,
          name: t.name,
        })),
      })),
    });
  });

  router.post('/api/holders/:issuerId/fetch', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const body = parseWithSchema(zFetchRequest, req.body, { what: 'fetch request' });
    const issuer = (await ctx.trustList.get()).issuers.find((i) => i.id === req.params.issuerId);
    if (!issuer) throw new OAuthError('not_found', 'no such data holder in the trust list');
    if (
      !issuer.credential_types.some((t) => t.credential_configuration_id === body.credential_configuration_id)
    ) {
      throw new OAuthError(
        'invalid_request',
        'the holder does not issue that credential (per the trust list)',
      );
    }
    const fetch = {
      credentialIssuer: issuer.credential_issuer,
      configurationIds: [body.credential_configuration_id],
    };
    // A passkey-protected account: the page makes the keys first (docs/passkeys.md).
    const keys = await pageKeysForFetch(ctx, account, {
      ...fetch,
      holderKeyIds: body.holder_key_ids,
      dpopKeyId: body.dpop_key_id,
    });
    if ('keysNeeded' in keys) {
      res
        .status(202)
        .set('Cache-Control', 'no-store')
        .json({
          state: 'keys_needed',
          keys_needed: keys.keysNeeded,
          ...(keys.dpopKey ? { dpop_key: true } : {}),
        });
      return;
    }
    const started = await startHolderFetch(ctx, account, {
      ...fetch,
      returnTo: safeReturnTo(body.return_to),
      sessionBound: personOf(res).via === 'session',
      holderKeyIds: keys.keyIds,
      dpopKeyId: keys.dpopKeyId,
    });
    // `authorization_url` is the wallet's one-time start URL (not the holder's): the browser
    // that opens it is the one the fetch can finish in.
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ authorization_url: started.startUrl, state: started.state });
  });

  // The one-time start URL: binds the fetch to this browser, then on to the holder.
  router.get(`${startPathPrefix}:token`, async (req, res) => {
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    try {
      const opened = await openStartUrl(ctx, req.params.token as string, (request) =>
        pushHolderAuthorizationRequest(ctx, request),
      );
      res.cookie(opened.cookieName, opened.secret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.baseUrl.startsWith('https:'),
        path: '/oid4vci/callback',
        maxAge: ctx.settings.holderAuthorizationTtl * 1000,
      });
      res.redirect(303, opened.authorizationUrl);
    } catch (error) {
      if (!isOAuthError(error)) throw error;
      res.status(400).type('html').send(fetchRefusedPage('start_link'));
    }
  });

  // The holder redirects the person's browser here (OID4VCI 1.0 §5.2).
  router.get('/oid4vci/callback', async (req, res) => {
    const params = new URL(req.originalUrl, ctx.baseUrl).searchParams;
    const cookieName = bindingCookieName(params.get('state') ?? '');
    const browserSecret = readCookie(req, cookieName);
    res.clearCookie(cookieName, { path: '/oid4vci/callback' });
    try {
      const session = await findSession(ctx, req);
      const { offerId, signingRequestId, returnTo } = await completeHolderFetch(
        ctx,
        params,
        session?.account.id,
        browserSecret,
      );
      const back = new URL(returnTo, ctx.baseUrl);
      // The page signs the proofs with its keys (GET, then POST /api/signing-requests/{id}).
      if (signingRequestId) back.searchParams.set('signing_request', signingRequestId);
      else if (offerId) back.searchParams.set('received', offerId);
      else back.searchParams.set('connected', '1');
      res.redirect(303, back.pathname + back.search);
    } catch (error) {
      if (!isOAuthError(error)) throw error;
      if (error.extra.not_bound === true) {
        // Someone else's browser: a page here, not a redirect into the wallet.
        ctx.logger.warn({ code: error.code }, 'holder fetch finished in another browser; refused');
        res.status(403).set('Cache-Control', 'no-store').type('html').send(fetchRefusedPage('other_browser'));
        return;
      }
      const back = new URL(
        typeof error.extra.return_to === 'string' ? error.extra.return_to : '/',
        ctx.baseUrl,
      );
      // The error goes with a short-lived cookie, never in the address (fetch-outcome.ts).
      setFetchOutcome(ctx, res, error);
      res.redirect(303, back.pathname + back.search);
    }
  });
  return router;
}
