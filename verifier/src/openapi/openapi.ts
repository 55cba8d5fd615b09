/**
 * The consumer API and the wallet-facing OpenID4VP endpoints, as OpenAPI 3.1: built from the
 * zod schemas the routes validate and answer with, each area describing its own routes.
 * `verifier/test/openapi.test.ts` fails when a mounted route is missing from it.
 */
import { z } from 'zod';
import { buildOpenApiDocument } from '@min-profil/shared/openapi/openapi-document';
import { zErrorBody } from '@min-profil/shared/openapi/z-error-body';
import { approvalPaths } from '../approval/approval.openapi.js';
import { secondSignatoryPaths } from '../approval/second-signatory.openapi.js';
import { consentRecordPaths } from '../consent-records/consent-records.openapi.js';
import { consumerPaths } from '../consumers/consumers.openapi.js';
import { presentationRequestPaths } from '../presentation-request/presentation-request.openapi.js';
import { requestObjectPaths } from '../request-object/request-object.openapi.js';
import { responsePaths } from '../response/response.openapi.js';
import { dcApiPaths } from '../dc-api/dc-api.openapi.js';
import { healthPaths } from '@min-profil/shared/health/health.openapi';
import { standingPermissionPaths } from '../standing-permissions/standing-permissions.openapi.js';
import { verifierWebhooks } from '../webhook/webhook.openapi.js';
import { casePaths } from '../cases/cases.openapi.js';

const zError = zErrorBody
  .extend({
    failed_checks: z
      .array(z.string())
      .optional()
      .meta({ description: 'A rejected presentation: the checks that failed' }),
  })
  .meta({ id: 'Error' });

export function createOpenApiDocument(baseUrl: string) {
  return buildOpenApiDocument({
    info: {
      title: 'Min profil verifier',
      version: '0.1.0',
      description:
        "OpenID4VP 1.0 verifier with DCQL. A data consumer creates a presentation request with its API key, shows the QR code or link to the person, and reads the verified result (or receives it at its callback_url). Retention: claim values are deleted VERIFIER_CLAIM_RETENTION seconds after verification (default 3600); a request that expired unanswered is deleted VERIFIER_OUTBOX_RETENTION seconds after it expired (default 7 days; until then it reads as expired); an approval with its document and evidence is deleted VERIFIER_APPROVAL_RETENTION seconds after it was approved (default 10 years). Claims, evidence, documents and profile copies are encrypted at rest. The consumers' demo pages (/{consumer}, /{consumer}/log, /{consumer}/approve) are not part of this API: off unless VERIFIER_DEMO_PAGES=1, and they never show a request made through this API.",
    },
    baseUrl,
    securitySchemes: {
      consumerApiKey: { type: 'http', scheme: 'bearer', description: 'The consumer API key' },
    },
    security: ['consumerApiKey'],
    errorSchema: zError,
    webhooks: verifierWebhooks,
    paths: {
      ...presentationRequestPaths,
      ...approvalPaths,
      ...secondSignatoryPaths,
      ...standingPermissionPaths,
      ...consentRecordPaths,
      ...casePaths,
      ...consumerPaths,
      ...requestObjectPaths,
      ...responsePaths,
      ...dcApiPaths,
      ...healthPaths("database, migrations, trust list and the consumers' request-object keys usable"),
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          security: [],
          responses: { 200: { description: 'OpenAPI 3.1', json: z.record(z.string(), z.unknown()) } },
        },
      },
    },
  });
}
