import { Router } from 'express';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import { requestIdentity } from '../consumers/client-identifier.js';
import { signRequestObject } from '../request-object/create-request-object.js';
import { handleAuthorizationResponse } from '../response/handle-authorization-response.js';
import { describeFailedChecks } from '../response/response-checks.js';
import { isDcApiMode } from '../response/response-modes.js';
import { zAuthorizationResponse } from '../response/z-authorization-response.js';

/** OpenID4VP 1.0 Appendix A.2: the protocol identifier of a signed request. */
export const DC_API_SIGNED_PROTOCOL = 'openid4vp-v1-signed';

/** What `navigator.credentials.get` returned as the credential's `data`, posted by the page as it is. */
export const zDcApiResponse = z
  .object({
    response: z.string().min(1).optional(),
    vp_token: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    state: z.string().min(1).max(200).optional(),
    error: z.string().min(1).max(100).optional(),
    error_description: z.string().max(1000).optional(),
  })
  .loose();

/** The `digital` member for navigator.credentials.get: the signed request object by value (A.3.1). */
export async function dcApiDigitalOptions(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  row: PresentationRequestRow,
) {
  const identity = await requestIdentity(ctx, consumer, row.clientId);
  const request = await signRequestObject({
    x5c: identity.x5c,
    registrationCertificates: await ctx.registrationCertificates.get(consumer.config.id),
    baseUrl: ctx.baseUrl,
    consumer,
    row,
    now: ctx.now(),
    trustListUri: ctx.settings.trustListUri,
    sealer: ctx.sealer,
  });
  return { requests: [{ protocol: DC_API_SIGNED_PROTOCOL, data: { request } }] };
}

/**
 * The Digital Credentials API (OpenID4VP 1.0 Appendix A) for requests made with `dc_api` or
 * `dc_api.jwt`: the consumer's page fetches what to hand to
 * `navigator.credentials.get({ digital: … })` — the signed request object by value, with
 * `expected_origins` and no `response_uri` — and posts back the credential's `data` the browser
 * returned. The answer counts only from an origin the request names, and the presentations'
 * audience must be that origin (`origin:<origin>`, Appendix A.4).
 */
export function dcApiRoutes(ctx: VerifierContext): Router {
  const router = Router();

  router.get('/openid4vp/dc-api/requests/:id', async (req, res) => {
    const row = await ctx.store.findRequest(req.params.id);
    if (!row || !isDcApiMode(row.responseMode)) {
      throw new OAuthError('not_found', 'no Digital Credentials API request with that id');
    }
    if (row.respondedAt !== null || row.expiresAt <= ctx.now()) {
      throw new OAuthError('not_found', 'the presentation request has been answered or has expired', {
        status: 410,
      });
    }
    const consumer = ctx.consumers.get(row.consumerId);
    if (!consumer) throw new OAuthError('not_found', 'the consumer of this request is no longer hosted here');
    res.set('Cache-Control', 'no-store').json({ digital: await dcApiDigitalOptions(ctx, consumer, row) });
  });

  router.post(
    '/openid4vp/dc-api/responses/:id',
    jsonBody(ctx.settings.responseBodyLimit),
    async (req, res) => {
      // The browser sets Origin on the page's POST; a page cannot choose it.
      const origin = req.get('origin');
      if (!origin || origin === 'null') {
        throw new OAuthError(
          'invalid_request',
          'the answer must be posted by the page that asked (no Origin)',
        );
      }
      const data = parseWithSchema(zDcApiResponse, req.body ?? {}, {
        what: 'Digital Credentials API response',
      });
      const body = parseWithSchema(
        zAuthorizationResponse,
        {
          ...data,
          ...(data.vp_token !== undefined && typeof data.vp_token !== 'string'
            ? { vp_token: JSON.stringify(data.vp_token) }
            : {}),
        },
        { what: 'Digital Credentials API response' },
      );
      const outcome = await handleAuthorizationResponse({
        ctx,
        id: req.params.id as string,
        body,
        dcApiOrigin: origin,
      });
      res.set('Cache-Control', 'no-store');
      if (outcome.status === 'verified' || outcome.walletError !== undefined) {
        res.status(200).json({ status: outcome.status });
        return;
      }
      const failed = outcome.checks.filter((c) => !c.passed);
      throw new OAuthError(
        'invalid_request',
        `the presentation was rejected: ${describeFailedChecks(failed)}`,
        {
          extra: { failed_checks: failed.map((c) => c.name) },
        },
      );
    },
  );
  return router;
}
