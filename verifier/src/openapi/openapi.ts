import { approvalOpenApi } from './approval-openapi.js';
import { standingPermissionOpenApi } from './standing-permission-openapi.js';

/** The consumer API and the wallet-facing OpenID4VP endpoints, as OpenAPI 3.1. */
export function createOpenApiDocument(baseUrl: string) {
  const error = { $ref: '#/components/schemas/Error' };
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: error } },
  });
  const check = {
    type: 'object',
    required: ['name', 'passed'],
    properties: {
      name: {
        type: 'string',
        enum: [
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
          'dcql_satisfied',
          'wallet_response',
        ],
      },
      passed: { type: 'boolean' },
      detail: { type: 'string' },
      query_id: { type: 'string' },
      index: { type: 'integer' },
    },
  };
  const beyond = {
    type: 'array',
    description: 'Claims asked for beyond what the trust list registers the consumer for (empty when none).',
    items: {
      type: 'object',
      properties: { type: { type: 'string' }, claims: { type: 'array', items: { type: 'array' } } },
    },
  };
  const approval = approvalOpenApi();
  const standing = standingPermissionOpenApi();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Min profil verifier',
      version: '0.1.0',
      description:
        "OpenID4VP 1.0 verifier with DCQL. A data consumer creates a presentation request with its API key, shows the QR code or link to the person, and reads the verified result (or receives it at its callback_url). Retention: claim values are deleted VERIFIER_CLAIM_RETENTION seconds after verification (default 3600); a request that expired unanswered is deleted VERIFIER_OUTBOX_RETENTION seconds after it expired (default 7 days; until then it reads as expired); an approval with its document and evidence is deleted VERIFIER_APPROVAL_RETENTION seconds after it was approved (default 10 years). Claims, evidence, documents and profile copies are encrypted at rest. The consumers' demo pages (/{consumer}, /{consumer}/log, /{consumer}/approve) are not part of this API: off unless VERIFIER_DEMO_PAGES=1, and they never show a request made through this API.",
    },
    servers: [{ url: baseUrl }],
    components: {
      securitySchemes: {
        consumerApiKey: { type: 'http', scheme: 'bearer', description: 'The consumer API key' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'error_description'],
          properties: {
            error: { type: 'string' },
            error_description: { type: 'string' },
            failed_checks: { type: 'array', items: { type: 'string' } },
          },
        },
        Check: check,
        ...approval.schemas,
        ...standing.schemas,
        CreatePresentationRequest: {
          type: 'object',
          additionalProperties: false,
          properties: {
            dcql_query: {
              type: 'object',
              description: 'A DCQL query (OpenID4VP 1.0 §6). Exactly one of dcql_query and template.',
            },
            template: {
              type: 'string',
              description:
                'A named template of the consumer, e.g. unemployment_claim, admission, internship.',
            },
            purpose: { type: 'string', maxLength: 500, description: 'Required with dcql_query.' },
            callback_url: {
              type: 'string',
              format: 'uri',
              description:
                'Where the result is POSTed. Refused with invalid_request when its name does not resolve or resolves to a loopback, private or link-local address (unless the deployment allows internal targets); checked again where each delivery connects.',
            },
            response_mode: {
              type: 'string',
              enum: ['direct_post', 'direct_post.jwt'],
              default: 'direct_post',
            },
            redirect_uri: {
              type: 'string',
              format: 'uri',
              description:
                'Same-device: where the wallet returns the person, with #response_code=…. An https URL without user info (http only on loopback with ALLOW_INSECURE_URLS=1); anything else is 400 invalid_request',
            },
            include_qr_svg: {
              type: 'boolean',
              description:
                'Also draw the QR code into the answer as qr_svg (about 2 ms of CPU); qr_code_uri serves it either way.',
            },
            standing_permission: {
              description:
                'Ask the wallet for a standing permission on the contact profile (urn:min-profil:contact-profile:1): true for every such credential query, or { credential_ids }. Templates that ask for one (contact_profile) do so by themselves.',
              oneOf: [
                { type: 'boolean' },
                {
                  type: 'object',
                  required: ['credential_ids'],
                  properties: { credential_ids: { type: 'array', items: { type: 'string' } } },
                },
              ],
            },
          },
        },
        CreatedPresentationRequest: {
          type: 'object',
          required: ['id', 'request_uri', 'openid4vp_url', 'qr_code_uri', 'beyond_registration'],
          properties: {
            id: { type: 'string' },
            client_id: { type: 'string' },
            request_uri: { type: 'string' },
            openid4vp_url: { type: 'string', example: 'openid4vp://?client_id=…&request_uri=…' },
            wallet_url: { type: 'string' },
            qr_code_uri: {
              type: 'string',
              format: 'uri',
              description: 'The QR code of openid4vp_url as image/svg+xml, while the request is open',
            },
            qr_svg: { type: 'string', description: 'Only with include_qr_svg: true' },
            response_mode: { type: 'string' },
            expires_at: { type: 'string', format: 'date-time' },
            beyond_registration: beyond,
            dcql_query: { type: 'object' },
            standing_permission: { $ref: '#/components/schemas/StandingPermissionAsk' },
          },
        },
        PresentationResult: {
          type: 'object',
          required: ['id', 'status', 'checks', 'beyond_registration'],
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: ['pending', 'verified', 'rejected', 'expired'] },
            purpose: { type: 'string' },
            claims: {
              type: 'object',
              description:
                'Per DCQL credential query id: the requested claims of each presentation, with issuer and vct. Deleted after the retention time.',
              additionalProperties: { type: 'array', items: { type: 'object' } },
            },
            claims_deleted: { type: 'boolean' },
            checks: { type: 'array', items: check },
            error: { type: 'string' },
            error_description: { type: 'string' },
            beyond_registration: beyond,
            standing_permission: {
              type: 'object',
              description: 'The standing permission the wallet granted with this presentation',
              properties: {
                id: { type: 'string' },
                status: { type: 'string', enum: ['active', 'withdrawn'] },
              },
            },
          },
        },
      },
    },
    paths: {
      ...approval.paths,
      ...standing.paths,
      '/api/presentation-requests': {
        post: {
          summary: 'Create a presentation request',
          security: [{ consumerApiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/CreatePresentationRequest' } },
            },
          },
          responses: {
            '201': {
              description: 'Created',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/CreatedPresentationRequest' } },
              },
            },
            '400': errorResponse('invalid_request'),
            '401': errorResponse('invalid_token'),
          },
        },
        get: {
          summary: "The consumer's log: its latest requests and outcomes (no claim values)",
          security: [{ consumerApiKey: [] }],
          responses: { '200': { description: 'OK' }, '401': errorResponse('invalid_token') },
        },
      },
      '/api/presentation-requests/{id}': {
        get: {
          summary: 'The state and result of a presentation request',
          security: [{ consumerApiKey: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'response_code', in: 'query', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'OK',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/PresentationResult' } },
              },
            },
            '401': errorResponse('invalid_token'),
            '404': errorResponse(
              'not_found (also for another consumer’s request, and for one deleted after its retention)',
            ),
          },
        },
      },
      '/api/consumers': {
        get: {
          summary: 'Hosted consumers: client_id, keys and what their templates ask for',
          responses: { '200': { description: 'OK' } },
        },
      },
      '/consumers/{id}/did.json': {
        get: { summary: "A consumer's did:web document", responses: { '200': { description: 'OK' } } },
      },
      '/openid4vp/requests/{id}': {
        get: {
          summary: 'request_uri: the signed request object (application/oauth-authz-req+jwt)',
          responses: {
            '200': { description: 'OK' },
            '404': errorResponse('not_found'),
            '410': errorResponse('answered or expired'),
          },
        },
      },
      '/openid4vp/responses/{id}': {
        post: {
          summary: 'response_uri: direct_post / direct_post.jwt',
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  properties: {
                    vp_token: {
                      type: 'string',
                      description:
                        'JSON object keyed by DCQL credential query id; each value an array of presentations',
                    },
                    state: { type: 'string' },
                    response: { type: 'string', description: 'JWE (direct_post.jwt)' },
                    error: { type: 'string' },
                    error_description: { type: 'string' },
                    standing_permission_id: {
                      type: 'string',
                      description: 'Grants the request’s standing_permission (base64url, 128+ bits)',
                    },
                  },
                },
              },
            },
          },
          responses: {
            '200': { description: 'Processed; { redirect_uri } for same-device flows' },
            '400': errorResponse('invalid_request with failed_checks'),
            '413': errorResponse('body too large'),
            '503': errorResponse(
              'temporarily_unavailable: no current trust list (none published, or past its next_update); the request is not consumed, send the response again later',
            ),
          },
        },
      },
    },
  };
}
