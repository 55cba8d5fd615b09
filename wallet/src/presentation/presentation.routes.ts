import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import { consentRecordsRoutes } from '../consent-records/consent-records.routes.js';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { describePresentationRequest } from './describe-presentation-request.js';
import { openTransactionDocument } from './prepare-transaction-data.js';
import { sendDocument } from './send-document.js';
import { resolvePresentationRequest } from './resolve-presentation-request.js';
import { sendPresentationResponse } from './send-presentation-response.js';
import {
  zActingForQuery,
  zPresentationRequestBody,
  zPresentationResponseBody,
} from './z-presentation-response.js';

/** Share: look at a verifier's request, then approve (only chosen claims) or decline. */
export function presentationRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.post('/api/presentation-requests', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const { request } = parseWithSchema(zPresentationRequestBody, req.body, { what: 'presentation request' });
    const row = await resolvePresentationRequest(ctx, account, request);
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await describePresentationRequest(ctx, account, row));
  });

  router.get('/api/presentation-requests/:id', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await ctx.store.findPresentationRequest(account.id, req.params.id as string);
    if (!row) throw new OAuthError('not_found', 'no such presentation request');
    const { acting_for: actingFor } = parseWithSchema(zActingForQuery, req.query, { what: 'query' });
    res
      .set('Cache-Control', 'no-store')
      .json(await describePresentationRequest(ctx, account, row, actingFor));
  });

  // Issue 6: the document to approve, decrypted, for the app to show (never cached).
  router.get('/api/presentation-requests/:id/documents/:index', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await ctx.store.findPresentationRequest(account.id, req.params.id as string);
    const stored = row?.request;
    const index = Number(req.params.index);
    const entry = Number.isInteger(index) ? stored?.transactionData?.[index] : undefined;
    if (!row || !entry) throw new OAuthError('not_found', 'no such document');
    sendDocument(res, entry.value.media_type, openTransactionDocument(ctx, account, row.id, index, entry));
  });

  router.post('/api/presentation-requests/:id/response', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const body = parseWithSchema(zPresentationResponseBody, req.body, { what: 'presentation response' });
    const row = await ctx.store.findPresentationRequest(account.id, req.params.id as string);
    if (!row) throw new OAuthError('not_found', 'no such presentation request');
    const answer = await sendPresentationResponse(ctx, account, row, body);
    res.status(answer.status).set('Cache-Control', 'no-store').json(answer.body);
  });
  // The consent records answers bring back (docs/consent-records.md).
  router.use(consentRecordsRoutes(ctx));
  return router;
}
