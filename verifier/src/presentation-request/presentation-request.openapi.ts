/** The consumer API's presentation requests, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zStandingPermissionAsk } from '../standing-permissions/standing-permissions.openapi.js';
import { zCreatePresentationRequest } from './z-create-presentation-request.js';

const zCheck = z
  .object({
    name: z.enum([
      'state',
      'vp_token',
      'query_ids',
      'format',
      'issuer_trusted',
      'issuer_authoritative',
      'issuer_signature',
      'validity_period',
      'disclosures',
      'key_binding',
      'nonce',
      'audience',
      'sd_hash',
      'transaction_data',
      'status',
      'no_unrequested_claims',
      'claims_shape',
      'trusted_authorities',
      'dcql_satisfied',
      'wallet_response',
    ]),
    passed: z.boolean(),
    detail: z.string().optional(),
    query_id: z.string().optional(),
    index: z.number().int().optional(),
  })
  .meta({ id: 'Check' });

const zBeyondRegistration = z
  .array(z.object({ type: z.string(), claims: z.array(z.array(z.unknown())) }))
  .meta({
    description: 'Claims asked for beyond what the trust list registers the consumer for (empty when none).',
  });

/** The answer to `POST /api/presentation-requests`. */
export const zCreatedPresentationRequest = z
  .object({
    id: z.string(),
    client_id: z.string(),
    request_uri: z.string(),
    openid4vp_url: z.string().meta({ example: 'openid4vp://?client_id=…&request_uri=…' }),
    wallet_url: z.string().optional(),
    qr_code_uri: z
      .url()
      .meta({ description: 'The QR code of openid4vp_url as image/svg+xml, while the request is open' }),
    qr_svg: z.string().optional().meta({ description: 'Only with include_qr_svg: true' }),
    response_mode: z.enum(['direct_post', 'direct_post.jwt', 'dc_api', 'dc_api.jwt']),
    dc_api_request_uri: z.url().optional().meta({
      description:
        'dc_api, dc_api.jwt: what the page fetches and hands to navigator.credentials.get (OpenID4VP 1.0 Appendix A)',
    }),
    expected_origins: z.array(z.string()).optional(),
    expires_at: z.iso.datetime(),
    beyond_registration: zBeyondRegistration,
    dcql_query: z.record(z.string(), z.unknown()),
    standing_permission: zStandingPermissionAsk.optional(),
    case: z
      .object({ id: z.string(), status: z.literal('asked') })
      .optional()
      .meta({
        description:
          'With `case`: the case asked to be opened with the answer; its id names it in /api/cases/{id} (docs/cases.md)',
      }),
  })
  .meta({ id: 'CreatedPresentationRequest' });

/** `GET /api/presentation-requests/{id}`: the state and the verified result. */
export const zPresentationResult = z
  .object({
    id: z.string(),
    status: z.enum(['pending', 'verified', 'pending_second_signatory', 'rejected', 'expired']),
    purpose: z.string().optional(),
    claims: z
      .record(z.string(), z.array(z.record(z.string(), z.unknown())))
      .optional()
      .meta({
        description:
          'Per DCQL credential query id: the requested claims of each presentation, with issuer and vct. Deleted after the retention time.',
      }),
    claims_deleted: z.boolean().optional(),
    checks: z.array(zCheck),
    error: z.string().optional(),
    error_description: z.string().optional(),
    beyond_registration: zBeyondRegistration,
    standing_permission: z
      .object({ id: z.string(), status: z.enum(['active', 'withdrawn']) })
      .optional()
      .meta({ description: 'The standing permission the wallet granted with this presentation' }),
  })
  .meta({ id: 'PresentationResult' });

const zRequestLog = z.object({
  presentation_requests: z.array(zPresentationResult.omit({ claims: true })).meta({
    description: 'The latest 100, newest first, without claim values or the DCQL query',
  }),
});

export const presentationRequestPaths: PathsSpec = {
  '/api/presentation-requests': {
    post: {
      summary: 'Create a presentation request',
      body: zCreatePresentationRequest,
      responses: { 201: { description: 'Created', json: zCreatedPresentationRequest } },
      errors: { 400: 'invalid_request', 401: 'invalid_token' },
    },
    get: {
      summary: "The consumer's log: its latest requests and outcomes (no claim values)",
      responses: { 200: { description: 'OK', json: zRequestLog } },
      errors: { 401: 'invalid_token' },
    },
  },
  '/api/presentation-requests/{id}': {
    get: {
      summary: 'The state and result of a presentation request',
      query: z.object({
        response_code: z.string().optional().meta({
          description: 'Same-device flow: the response_code the wallet returned the person with',
        }),
      }),
      responses: { 200: { description: 'OK', json: zPresentationResult } },
      errors: {
        401: 'invalid_token',
        404: 'not_found (also for another consumer’s request, and for one deleted after its retention)',
      },
    },
  },
};
