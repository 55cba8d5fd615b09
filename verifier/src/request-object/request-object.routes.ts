import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { formBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { VerifierContext } from '../context.js';
import { openid4vpUrl } from '../presentation-request/endpoints.js';
import { REQUEST_OBJECT_TYP, signRequestObject } from './create-request-object.js';
import { renderQrSvg } from '../presentation-request/render-qr.js';
import { zRequestUriPost } from './z-request-uri-post.js';
import { requestIdentity } from '../consumers/client-identifier.js';
import { caseRequestParameter } from '../cases/ask-case.js';

/** `request_uri` (OpenID4VP 1.0 §5.10): the wallet fetches the signed request object here. */
export function requestObjectRoutes(ctx: VerifierContext): Router {
  const router = Router();

  async function loadOpenRequest(id: string) {
    const row = await ctx.store.findRequest(id);
    if (!row) throw new OAuthError('not_found', 'no such presentation request');
    if (row.respondedAt !== null || row.expiresAt <= ctx.now()) {
      throw new OAuthError('not_found', 'the presentation request has been answered or has expired', {
        status: 410,
      });
    }
    const consumer = ctx.consumers.get(row.consumerId);
    if (!consumer) throw new OAuthError('not_found', 'the consumer of this request is no longer hosted here');
    return { row, consumer };
  }

  const serve = async (id: string, res: import('express').Response, walletNonce?: string) => {
    const { row, consumer } = await loadOpenRequest(id);
    const approval = await ctx.approvals.findApproval(row.id);
    const identity = await requestIdentity(ctx, consumer, row.clientId);
    const caseRow = await ctx.cases.findCaseOfRequest(row.id);
    const jwt = await signRequestObject({
      x5c: identity.x5c,
      baseUrl: ctx.baseUrl,
      consumer,
      row,
      now: ctx.now(),
      trustListUri: ctx.settings.trustListUri,
      sealer: ctx.sealer,
      ...(approval ? { transactionData: [approval.transactionData] } : {}),
      ...(walletNonce !== undefined ? { walletNonce } : {}),
      ...(caseRow?.status === 'asked' ? { caseAsk: caseRequestParameter(ctx.baseUrl, caseRow) } : {}),
    });
    res.set('Cache-Control', 'no-store').type(`application/${REQUEST_OBJECT_TYP}`).send(jwt);
  };

  router.get('/openid4vp/requests/:id', async (req, res) => {
    await serve(req.params.id as string, res);
  });
  // OpenID4VP 1.0 §5.10.1: `request_uri_method=post`. wallet_metadata is not needed (one
  // signing alg, one encryption key); wallet_nonce is echoed in the request object (§5.10).
  router.post('/openid4vp/requests/:id', formBody(), async (req, res) => {
    const body = parseWithSchema(zRequestUriPost, req.body ?? {}, { what: 'request_uri POST' });
    await serve(req.params.id as string, res, body.wallet_nonce);
  });

  router.get('/openid4vp/requests/:id/qr.svg', async (req, res) => {
    const { row } = await loadOpenRequest(req.params.id);
    const url = openid4vpUrl(row.clientId, `${ctx.baseUrl}/openid4vp/requests/${row.id}`);
    const svg = await renderQrSvg(url);
    res.set('Cache-Control', 'no-store').type('image/svg+xml').send(svg);
  });

  return router;
}
