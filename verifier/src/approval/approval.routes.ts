import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { VerifierContext } from '../context.js';
import { authenticatedConsumer, requireConsumer } from '../http/require-consumer.js';
import { describePresentationRequest } from '../presentation-request/describe-presentation-request.js';
import { verifyApprovalReceipt } from './approval-receipt.js';
import { createApprovalRequest } from './create-approval-request.js';
import { describeApproval } from './describe-approval.js';
import { zCreateApprovalRequest, zVerifyReceiptBody } from './z-create-approval-request.js';
import { renderQrSvg } from '../presentation-request/render-qr.js';

/**
 * Approve and sign: the consumer's API to ask a person to approve a document, the
 * document the wallet fetches (`document_uri`), and the public receipt check.
 */
export function approvalRoutes(ctx: VerifierContext): Router {
  const router = Router();
  const auth = requireConsumer(ctx);

  router.post('/api/approval-requests', auth, jsonBody('1mb'), async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const request = parseWithSchema(zCreateApprovalRequest, req.body, { what: 'approval request' });
    const created = await createApprovalRequest({ ctx, consumer, request });
    ctx.logger.info({ consumer: consumer.config.id, request: created.row.id }, 'approval request created');
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .location(`/api/approval-requests/${created.row.id}`)
      .json({
        id: created.row.id,
        client_id: created.row.clientId,
        request_uri: created.requestUri,
        openid4vp_url: created.openid4vpUrl,
        wallet_url: created.walletUrl,
        qr_code_uri: created.qrCodeUri,
        ...(request.include_qr_svg ? { qr_svg: await renderQrSvg(created.openid4vpUrl) } : {}),
        response_mode: created.row.responseMode,
        expires_at: new Date(created.row.expiresAt * 1000).toISOString(),
        beyond_registration: created.row.beyondRegistration,
        dcql_query: created.row.dcqlQuery,
        transaction_data: [created.approval.transactionData],
        approval: describeApproval(ctx.baseUrl, created.approval),
      });
  });

  router.get('/api/approval-requests/:id', auth, async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const [row, approval] = await Promise.all([
      ctx.store.findRequest(req.params.id as string),
      ctx.approvals.findApproval(req.params.id as string),
    ]);
    if (!row || !approval || row.consumerId !== consumer.config.id) {
      throw new OAuthError('not_found', 'no approval request with that id');
    }
    res.set('Cache-Control', 'no-store').json({
      ...describePresentationRequest(row, ctx.now()),
      approval: describeApproval(ctx.baseUrl, approval),
    });
  });

  // The wallet fetches the exact bytes here and checks them against document_hash. Served for
  // the request's lifetime only: the body holds its own copy, the wallet keeps one sealed.
  router.get('/openid4vp/documents/:token', async (req, res) => {
    const approval = await ctx.approvals.findApprovalByDocumentToken(req.params.token as string);
    if (!approval) throw new OAuthError('not_found', 'no such document');
    const row = await ctx.store.findRequest(approval.id);
    if (!row || row.expiresAt <= ctx.now()) {
      throw new OAuthError('not_found', 'the document is no longer served here', { status: 410 });
    }
    res
      .set('Cache-Control', 'no-store')
      .set('Content-Disposition', 'inline')
      .type(approval.mediaType)
      .send(Buffer.from(approval.document, 'base64'));
  });

  // Anyone holding a receipt can have it checked against the stored evidence.
  router.post('/api/approval-receipts/verify', jsonBody(), async (req, res) => {
    const { receipt } = parseWithSchema(zVerifyReceiptBody, req.body, { what: 'receipt check' });
    const result = await verifyApprovalReceipt({ ctx, receipt });
    res.set('Cache-Control', 'no-store').json({
      valid: result.valid,
      ...(result.reason ? { reason: result.reason } : {}),
      checks: result.checks,
      ...(result.valid && result.claims ? { receipt: result.claims } : {}),
    });
  });

  router.get('/api/approval-receipts/:id', async (req, res) => {
    const approval = await ctx.approvals.findApprovalByReceiptId(req.params.id as string);
    if (!approval?.receipt) throw new OAuthError('not_found', 'no receipt with that id');
    const result = await verifyApprovalReceipt({ ctx, receipt: approval.receipt });
    res.set('Cache-Control', 'no-store').json({
      receipt_id: approval.receiptId,
      receipt: approval.receipt,
      valid: result.valid,
      ...(result.reason ? { reason: result.reason } : {}),
      checks: result.checks,
      approval_request_id: approval.id,
      title: approval.title,
      media_type: approval.mediaType,
      document_hash: approval.documentHash,
      approved_at: new Date(approval.approvedAt! * 1000).toISOString(),
    });
  });

  return router;
}
