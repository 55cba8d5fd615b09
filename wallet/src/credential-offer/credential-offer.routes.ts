import { Router } from 'express';
import { pollNeedsPage, startDeferredInPage } from './deferred-in-page.js';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { describeCredential } from '../credentials/describe-credential.js';
import { describeIssuer } from '../credentials/describe-issuer.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { acceptOffer, declineOffer, dropStalePending } from './decide-offer.js';
import { pollDeferred } from './poll-deferred.js';
import { receiveCredentialOffer } from './receive-offer.js';
import { zAcceptOfferRequest, zCredentialOfferRequest } from './z-credential-offer-request.js';
import { describeSigningRequest } from '../signing-requests/signing-request.js';

/** A received offer as the person sees it before deciding: every credential with its claims. */
export async function describeOffer(
  ctx: WalletContext,
  account: AccountRow,
  offerId: string,
  rows: HeldCredentialRow[],
) {
  const credentials = await Promise.all(
    rows.map((r) => describeCredential(ctx, account, r, { claims: true })),
  );
  const states = new Set(rows.map((r) => r.state));
  return {
    id: offerId,
    state: states.has('deferred') ? 'deferred' : states.has('pending') ? 'pending' : 'stored',
    // Only the page can ask for these (their token's DPoP key is the page's): POST …/poll.
    ...(rows.some((r) => pollNeedsPage(ctx, account, r)) ? { poll_in_page: true } : {}),
    credentials,
  };
}

/**
 * Receive by offer, in two steps: `POST /api/credential-offers` fetches and verifies the
 * credentials and shows them (nothing kept yet beyond a sealed preview); `accept` keeps them,
 * `decline` drops them. Deferred credentials are asked for again on `GET` once due.
 */
export function credentialOfferRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.post('/api/credential-offers', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const request = parseWithSchema(zCredentialOfferRequest, req.body, { what: 'credential offer request' });
    await dropStalePending(ctx, account);
    const result = await receiveCredentialOffer(ctx, account, request, {
      sessionBound: personOf(res).via === 'session',
    });
    if (result.kind === 'authorization_required') {
      res
        .status(202)
        .set('Cache-Control', 'no-store')
        .json({
          state: 'authorization_required',
          authorization_url: result.authorizationUrl,
          // Whom the person is sent to sign in at, named as the trust list names it, so the
          // receive screen can say so before the browser leaves the wallet.
          issuer: describeIssuer(await ctx.trustList.get(), result.credentialIssuer, undefined),
        });
      return;
    }
    if (result.kind === 'keys_needed') {
      res
        .status(202)
        .set('Cache-Control', 'no-store')
        .json({
          state: 'keys_needed',
          keys_needed: result.keysNeeded,
          ...(result.dpopKey ? { dpop_key: true } : {}),
        });
      return;
    }
    if (result.kind === 'signing_required') {
      res.status(202).set('Cache-Control', 'no-store').json(describeSigningRequest(result.signing));
      return;
    }
    const { offerId, rows } = result;
    ctx.logger.info({ account: account.id, offer: offerId, count: rows.length }, 'credential offer received');
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await describeOffer(ctx, account, offerId, rows));
  });

  async function loadOffer(accountId: string, offerId: string) {
    const rows = await ctx.store.listOffer(accountId, offerId);
    if (rows.length === 0) throw new OAuthError('not_found', 'no such credential offer in your wallet');
    return rows;
  }

  router.get('/api/credential-offers/:id', auth, async (req, res) => {
    const { account } = personOf(res);
    const offerId = req.params.id as string;
    const rows = [];
    for (const row of await loadOffer(account.id, offerId)) {
      const polled = await pollDeferred(ctx, account, row);
      if (polled) rows.push(polled);
    }
    res.set('Cache-Control', 'no-store').json(await describeOffer(ctx, account, offerId, rows));
  });

  // A deferred credential whose token is bound to the page's DPoP key: the page signs the poll's
  // DPoP proofs (a signing request, 202), or 200 with the offer when none is due.
  router.post('/api/credential-offers/:id/poll', auth, async (req, res) => {
    const { account } = personOf(res);
    const offerId = req.params.id as string;
    const rows = await loadOffer(account.id, offerId);
    const signing = await startDeferredInPage(ctx, account, offerId, rows);
    res.set('Cache-Control', 'no-store');
    if (signing) {
      res.status(202).json(describeSigningRequest(signing));
      return;
    }
    res.json(await describeOffer(ctx, account, offerId, rows));
  });

  router.post('/api/credential-offers/:id/accept', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const offerId = req.params.id as string;
    const body = parseWithSchema(zAcceptOfferRequest, req.body ?? {}, { what: 'accept request' });
    await acceptOffer(ctx, account, await loadOffer(account.id, offerId), {
      confirmHolder: body.confirm_holder === true,
    });
    res
      .set('Cache-Control', 'no-store')
      .json(await describeOffer(ctx, account, offerId, await loadOffer(account.id, offerId)));
  });

  router.post('/api/credential-offers/:id/decline', auth, async (req, res) => {
    const { account } = personOf(res);
    await declineOffer(ctx, account, await loadOffer(account.id, req.params.id as string));
    res.status(204).end();
  });
  return router;
}
