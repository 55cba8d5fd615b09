import { Router } from 'express';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { completePresentationResponse } from '../presentation/send-presentation-response.js';
import { OAuthError } from '@min-profil/shared/errors';
import { describeSigningRequest, takeSignedRequest } from './signing-request.js';
import { describeOffer } from '../credential-offer/credential-offer.routes.js';
import { completeIssuanceInPage, type IssuanceContinuation } from '../credential-offer/receive-in-page.js';
import { zSigningRequestAnswer } from './z-signing-requests.js';

/**
 * `GET /api/signing-requests/{id}` reads one; `POST` brings the page's signatures for a signing request (docs/passkeys.md,
 * "Signing in the page"). Checked against the stored public keys, then the operation goes on.
 */
export function signingRequestRoutes(ctx: WalletContext): Router {
  const router = Router();
  // After a fetch at a holder the page arrives with only the id: it reads what to sign here.
  router.get('/api/signing-requests/:id', requirePerson(ctx), async (req, res) => {
    const { account } = personOf(res);
    const row = await ctx.store.findSigningRequest(account.id, req.params.id as string, ctx.now());
    if (!row) {
      throw new OAuthError(
        'invalid_request',
        'the signing request is unknown, used or expired: start again',
        {
          status: 410,
        },
      );
    }
    res.set('Cache-Control', 'no-store').json(describeSigningRequest(row));
  });
  router.post('/api/signing-requests/:id', requirePerson(ctx), jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const { signatures } = parseWithSchema(zSigningRequestAnswer, req.body, { what: 'signatures' });
    const signed = await takeSignedRequest<unknown>(ctx, account, req.params.id as string, signatures);
    if (signed.row.kind === 'issuance') {
      const completed = await completeIssuanceInPage(
        ctx,
        account,
        signed.continuation as IssuanceContinuation,
        signed.jws,
      );
      if (completed.kind === 'signing_required') {
        // The next step of the same issuance (after the token; a DPoP nonce to sign with).
        res.status(202).set('Cache-Control', 'no-store').json(describeSigningRequest(completed.signing));
        return;
      }
      const { offerId, rows } = completed;
      ctx.logger.info(
        { account: account.id, offer: offerId, count: rows.length },
        'credential offer received',
      );
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json(await describeOffer(ctx, account, offerId, rows));
      return;
    }
    const answer = await completePresentationResponse(
      ctx,
      account,
      signed.continuation as Parameters<typeof completePresentationResponse>[2],
      signed.jws,
    );
    res.set('Cache-Control', 'no-store').json(answer);
  });
  return router;
}
