/**
 * The wallet's JSON API as OpenAPI 3.1, served at `/api/openapi.json`: built from the zod
 * schemas the routes validate and answer with, each area describing its own routes.
 * `wallet/test/openapi.test.ts` fails when a mounted route is missing from it.
 */
import { z } from 'zod';
import { buildOpenApiDocument } from '@min-profil/shared/openapi/openapi-document';
import { zErrorBody } from '@min-profil/shared/openapi/z-error-body';
import { accountPaths } from '../accounts/account.openapi.js';
import { approvalPaths } from '../approvals/approvals.openapi.js';
import { consentRecordPaths } from '../consent-records/consent-records.openapi.js';
import { authPaths } from '../auth/auth.openapi.js';
import { credentialOfferPaths } from '../credential-offer/credential-offer.openapi.js';
import { credentialPaths } from '../credentials/credentials.openapi.js';
import { holderPaths } from '../holders/holders.openapi.js';
import { homePaths } from '../home/home.openapi.js';
import { logPaths } from '../log/log.openapi.js';
import { presentationPaths } from '../presentation/presentation.openapi.js';
import { dcApiPaths } from '../dc-api/dc-api.openapi.js';
import { profilePaths } from '../profile/profile.openapi.js';
import { representationPaths } from '../representation/representation.openapi.js';
import { providerPaths } from '../provider/provider.openapi.js';
import { standingPermissionPaths } from '../standing-permissions/standing-permissions.openapi.js';
import { tokenPaths } from '../tokens/tokens.openapi.js';
import { casePaths } from '../cases/cases.openapi.js';
import { usagePaths } from '../usage/usage.openapi.js';
import { ombudPaths } from '../ombud/ombud.openapi.js';
import { companyProfilePaths, companySharingPaths } from '../companies/company-profile.openapi.js';
import { passkeyPaths } from '../passkeys/passkeys.openapi.js';
import { signingRequestPaths } from '../signing-requests/signing-requests.openapi.js';
import { healthPaths } from '@min-profil/shared/health/health.openapi';

const zError = zErrorBody
  .extend({
    tx_code_required: z
      .boolean()
      .optional()
      .meta({ description: 'Set when the offer needs a tx_code that was not sent' }),
    tx_code: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: "The offer's tx_code description (input_mode, length, description)" }),
    issuer_error: z
      .string()
      .optional()
      .meta({ description: "The issuer's own error code, when it answered one" }),
    verification_error: z
      .string()
      .optional()
      .meta({ description: 'Why a received credential did not verify' }),
  })
  .meta({ id: 'Error' });

export function createOpenApiDocument(baseUrl: string) {
  return buildOpenApiDocument({
    info: {
      title: 'Min profil — wallet API',
      version: '0.1.0',
      description:
        'The citizen’s wallet: receive credentials (OpenID4VCI 1.0), keep them encrypted, share only what the person approves (OpenID4VP 1.0 + DCQL), and the person’s log. Authenticate with the session cookie from /auth/login (and X-CSRF-Token from GET /api/session on POST/DELETE) or with a personal access token (`Authorization: Bearer mpw_…`). Errors are `{ error, error_description }`.',
    },
    baseUrl,
    securitySchemes: {
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: 'min_profil_wallet',
        description: 'Plus header X-CSRF-Token on POST/DELETE',
      },
      personalToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'Personal access token (POST /api/tokens or npm run wallet:token)',
      },
    },
    security: ['session', 'personalToken'],
    errorSchema: zError,
    paths: {
      ...authPaths,
      ...tokenPaths,
      ...passkeyPaths,
      ...signingRequestPaths,
      ...credentialOfferPaths,
      ...credentialPaths,
      ...holderPaths,
      ...presentationPaths,
      ...dcApiPaths,
      ...approvalPaths,
      ...consentRecordPaths,
      ...usagePaths,
      ...accountPaths,
      ...homePaths,
      ...representationPaths,
      ...ombudPaths,
      ...companyProfilePaths,
      ...companySharingPaths,
      ...logPaths,
      ...profilePaths,
      ...providerPaths,
      ...standingPermissionPaths,
      ...casePaths,
      ...healthPaths('database, migrations and trust list usable'),
      '/health': {
        get: {
          summary: 'Liveness (deprecated: use /health/live; removed in the next release)',
          security: [],
          responses: { 200: { description: 'Up', json: z.object({ status: z.literal('ok') }) } },
        },
      },
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
