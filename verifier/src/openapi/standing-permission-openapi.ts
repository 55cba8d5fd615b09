/** Standing permissions (docs/standing-permissions.md) in the verifier's OpenAPI document. */
export function standingPermissionOpenApi() {
  const error = { $ref: '#/components/schemas/Error' };
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: error } },
  });
  const ask = {
    type: 'object',
    description:
      'The `standing_permission` parameter put into the signed request object: the wallet may grant updates of these credential queries.',
    required: ['credential_ids', 'update_endpoint', 'nonce_endpoint'],
    properties: {
      credential_ids: { type: 'array', items: { type: 'string' } },
      update_endpoint: { type: 'string', format: 'uri' },
      nonce_endpoint: { type: 'string', format: 'uri' },
    },
  };
  const schemas = {
    StandingPermissionAsk: ask,
    StandingPermission: {
      type: 'object',
      required: ['id', 'status', 'fields', 'profile_version', 'granted_at', 'updated_at'],
      properties: {
        id: { type: 'string', description: 'Chosen by the wallet' },
        status: { type: 'string', enum: ['active', 'withdrawn'] },
        consumer: { type: 'string' },
        origin: {
          type: 'string',
          enum: ['presentation', 'wallet'],
          description: 'Granted in a presentation response, or started by the wallet',
        },
        fields: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Claims the permission covers, fixed when it starts: those the request asked for, or those the first update of a wallet-started permission disclosed',
        },
        profile_version: { type: 'integer' },
        profile: {
          type: 'object',
          description:
            'The current contact profile as the last applied update disclosed it (a field disclosed as null, left empty by the person, is absent); emails and phones carry `verified` as the verifier found it (a wallet provider proof), plus `verified_by`. Absent once withdrawn: the consumer no longer keeps it (the withdrawal webhook carries the last copy).',
        },
        granted_at: { type: 'string', format: 'date-time' },
        updated_at: { type: 'string', format: 'date-time' },
        withdrawn_at: { type: 'string', format: 'date-time' },
        presentation_request_id: { type: 'string' },
      },
    },
    StandingPermissionEvent: {
      type: 'object',
      description:
        'Webhook body (headers X-Webhook-Event, X-Standing-Permission-Id, X-Signature-SHA256), sent to the granting request’s callback_url.',
      properties: {
        event: {
          type: 'string',
          enum: [
            'standing_permission.granted',
            'standing_permission.updated',
            'standing_permission.withdrawn',
          ],
        },
        standing_permission: { $ref: '#/components/schemas/StandingPermission' },
      },
    },
  };
  const idParam = { name: 'consumerId', in: 'path', required: true, schema: { type: 'string' } };
  const paths = {
    '/api/standing-permissions': {
      get: {
        summary: "The consumer's standing permissions, newest first, with the current profiles",
        security: [{ consumerApiKey: [] }],
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'How many to return (default 100, at most 1000)',
            schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
          {
            name: 'after',
            in: 'query',
            required: false,
            description:
              'Continue after this permission id: the `next_after` of the previous page (pages are ordered by grant time, then id, newest first)',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    standing_permissions: {
                      type: 'array',
                      items: { $ref: '#/components/schemas/StandingPermission' },
                    },
                    next_after: {
                      type: 'string',
                      description: 'Present when the page is full: pass it as `after` for the next page',
                    },
                  },
                },
              },
            },
          },
          '400': errorResponse(
            'invalid_request: limit out of range, or after is not one of your permissions',
          ),
          '401': errorResponse('invalid_token'),
        },
      },
    },
    '/api/standing-permissions/{id}': {
      get: {
        summary: 'One standing permission with the current profile',
        security: [{ consumerApiKey: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/StandingPermission' } } },
          },
          '401': errorResponse('invalid_token'),
          '404': errorResponse('not_found (also for another consumer’s permission)'),
        },
      },
    },
    '/consumers/{consumerId}/standing-permissions/nonce': {
      post: {
        summary: 'A single-use c_nonce (5 minutes) for one update or withdrawal (no body)',
        parameters: [idParam],
        responses: {
          '200': {
            description: 'OK (Cache-Control: no-store)',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { c_nonce: { type: 'string' } } },
              },
            },
          },
          '404': errorResponse('not_found: the consumer takes no standing permissions'),
        },
      },
    },
    '/consumers/{consumerId}/standing-permissions/updates': {
      post: {
        summary: 'The wallet delivers a new profile version, or withdraws the permission',
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['standing_permission_id'],
                properties: {
                  standing_permission_id: { type: 'string' },
                  vp_token: {
                    type: 'string',
                    description: 'SD-JWT+KB of the profile (KB-JWT aud = client_id, nonce = c_nonce)',
                  },
                  withdrawal: {
                    type: 'string',
                    description: 'JWS (typ standing-permission-withdrawal+jwt) by the holder key',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              '{status: applied, profile_version} | {status: duplicate} | {status: stale} | {status: withdrawn}',
          },
          '400': errorResponse('invalid_nonce (fetch a new one) or invalid_request (rejected)'),
          '404': errorResponse('unknown_standing_permission'),
          '410': errorResponse('standing_permission_withdrawn'),
          '503': errorResponse(
            'temporarily_unavailable: a new wallet-started permission while the trust list cannot be read (retry)',
          ),
          '413': errorResponse('body too large'),
        },
      },
    },
  };
  return { schemas, paths };
}
