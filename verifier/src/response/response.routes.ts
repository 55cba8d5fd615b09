import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { formBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { VerifierContext } from '../context.js';
import { consentRecordRoutes } from '../consent-records/consent-records.routes.js';
import { handleAuthorizationResponse } from './handle-authorization-response.js';
import { describeFailedChecks } from './response-checks.js';
import { zAuthorizationResponse } from './z-authorization-response.js';

/** `response_uri` (OpenID4VP 1.0 §8.2): the wallet POSTs the form-encoded response here. */
export function responseRoutes(ctx: VerifierContext): Router {
  const router = Router();
  router.post('/openid4vp/responses/:id', formBody(ctx.settings.responseBodyLimit), async (req, res) => {
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new OAuthError('invalid_request', 'the response must be application/x-www-form-urlencoded', {
        status: 415,
      });
    }
    const body = parseWithSchema(zAuthorizationResponse, req.body ?? {}, { what: 'authorization response' });
    const outcome = await handleAuthorizationResponse({ ctx, id: req.params.id as string, body });
    res.set('Cache-Control', 'no-store');
    if (outcome.status === 'verified') {
      // `consent_record`: our own member of the answer (docs/consent-records.md); wallets that
      // do not know it ignore it.
      res.status(200).json({
        ...(outcome.redirectUri ? { redirect_uri: outcome.redirectUri } : {}),
        ...(outcome.consentRecord ? { consent_record: outcome.consentRecord } : {}),
      });
      return;
    }
    if (outcome.walletError !== undefined) {
      // The error response itself was processed successfully (§8.5).
      res.status(200).json(outcome.redirectUri ? { redirect_uri: outcome.redirectUri } : {});
      return;
    }
    const failed = outcome.checks.filter((c) => !c.passed);
    throw new OAuthError(
      'invalid_request',
      `the presentation was rejected: ${describeFailedChecks(failed)}`,
      {
        extra: {
          failed_checks: failed.map((c) => c.name),
          ...(outcome.redirectUri ? { redirect_uri: outcome.redirectUri } : {}),
        },
      },
    );
  });
  // What the consent records this endpoint hands out open (docs/consent-records.md).
  router.use(consentRecordRoutes(ctx));
  return router;
}
