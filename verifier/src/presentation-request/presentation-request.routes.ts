import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { logStaffView } from '../consent-records/log-record-use.js';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { VerifierContext } from '../context.js';
import { authenticatedConsumer, requireConsumer } from '../http/require-consumer.js';
import { createPresentationRequest } from './create-presentation-request.js';
import { describePresentationRequest } from './describe-presentation-request.js';
import { checkResponseCode } from './check-response-code.js';
import { zCreatePresentationRequest } from './z-create-presentation-request.js';
import { standingPermissionEndpoints } from '../standing-permissions/standing-permission-endpoints.js';
import { findPermissionSummary } from '../standing-permissions/describe-standing-permission.js';
import { renderQrSvg } from './render-qr.js';

/** The consumer's back-end API: create a presentation request, read its result, list its log. */
export function presentationRequestRoutes(ctx: VerifierContext): Router {
  const router = Router();
  const auth = requireConsumer(ctx);

  router.post('/api/presentation-requests', auth, jsonBody(), async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const request = parseWithSchema(zCreatePresentationRequest, req.body, { what: 'presentation request' });
    const created = await createPresentationRequest({ ctx, consumer, request });
    ctx.logger.info(
      {
        consumer: consumer.config.id,
        request: created.row.id,
        beyond: created.row.beyondRegistration.length,
      },
      'presentation request created',
    );
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .location(`/api/presentation-requests/${created.row.id}`)
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
        ...(created.caseRow ? { case: { id: created.caseRow.id, status: created.caseRow.status } } : {}),
        ...(created.row.standingPermission
          ? {
              standing_permission: {
                credential_ids: created.row.standingPermission.credential_ids,
                ...standingPermissionEndpoints(ctx.baseUrl, consumer.config.id),
              },
            }
          : {}),
      });
  });

  router.get('/api/presentation-requests', auth, async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const rows = await ctx.store.listRequests(consumer.config.id, 100);
    const now = ctx.now();
    res.set('Cache-Control', 'no-store').json({
      presentation_requests: rows.map((row) => {
        const { claims: _claims, dcql_query: _query, ...summary } = describePresentationRequest(row, now);
        return summary;
      }),
    });
  });

  router.get('/api/presentation-requests/:id', auth, async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const row = await ctx.store.findRequest(req.params.id as string);
    // A consumer sees only its own requests; another's is as absent as a missing one.
    if (!row || row.consumerId !== consumer.config.id) {
      throw new OAuthError('not_found', 'no presentation request with that id');
    }
    // OpenID4VP 1.0 §8.2: in the same-device flow the response_code ties the result to the session.
    checkResponseCode(row, req.query.response_code);
    const standingPermission = await findPermissionSummary(ctx, row);
    await logStaffView(ctx, row);
    res
      .set('Cache-Control', 'no-store')
      .json(describePresentationRequest(row, ctx.now(), standingPermission));
  });

  return router;
}
