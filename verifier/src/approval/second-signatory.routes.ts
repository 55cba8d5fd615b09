import { Router } from 'express';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { VerifierContext } from '../context.js';
import { authenticatedConsumer, requireConsumer } from '../http/require-consumer.js';
import { describeApproval } from './describe-approval.js';
import { askSecondSignatory } from './second-signatory.js';
import { zSecondSignatoryRequest } from './z-second-signatory-request.js';

/**
 * Två i förening: the consumer sends the second signatory an approval request for a first
 * signatory's `pending_second_signatory` request (docs/representation.md).
 */
export function secondSignatoryRoutes(ctx: VerifierContext): Router {
  const router = Router();
  router.post(
    '/api/presentation-requests/:id/second-signatory',
    requireConsumer(ctx),
    jsonBody('1mb'),
    async (req, res) => {
      const consumer = authenticatedConsumer(req);
      const request = parseWithSchema(zSecondSignatoryRequest, req.body, { what: 'second signatory' });
      const created = await askSecondSignatory({
        ctx,
        consumer,
        firstRequestId: req.params.id as string,
        request,
      });
      ctx.logger.info(
        { consumer: consumer.config.id, request: created.row.id, first: req.params.id },
        'second signatory asked',
      );
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .location(`/api/approval-requests/${created.row.id}`)
        .json({
          id: created.row.id,
          openid4vp_url: created.openid4vpUrl,
          wallet_url: created.walletUrl,
          qr_code_uri: created.qrCodeUri,
          expires_at: new Date(created.row.expiresAt * 1000).toISOString(),
          transaction_data: [created.approval.transactionData],
          approval: describeApproval(ctx.baseUrl, created.approval),
        });
    },
  );
  return router;
}
