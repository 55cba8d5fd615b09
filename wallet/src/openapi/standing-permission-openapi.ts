/** Standing permissions (docs/standing-permissions.md): the wallet API's parts, merged into the document. */
type Schema = Record<string, unknown>;

const auth = [{ session: [] }, { personalToken: [] }];
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: error } },
});
const json = (schema: Schema, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const localized = { type: 'object', additionalProperties: { type: 'string' } };
const fields: Schema = {
  type: 'array',
  items: { enum: ['address', 'emails', 'phones', 'preferred_language', 'contact_preferences'] },
  description: 'Top-level contact-profile claims (one disclosure each)',
};
const time = { type: ['string', 'null'], format: 'date-time' };

const delivery: Schema = {
  type: 'object',
  description: 'One outbox entry: never the profile itself',
  properties: {
    id: { type: 'string' },
    kind: { enum: ['update', 'withdrawal'] },
    status: { enum: ['pending', 'delivered', 'superseded', 'rejected'] },
    change_id: { type: 'string' },
    profile_version: { type: 'integer' },
    attempts: { type: 'integer' },
    next_attempt_at: { ...time, description: 'While pending' },
    last_error: {
      type: ['string', 'null'],
      description: 'HTTP status and error code, or "no answer (…)"; never the consumer’s description',
    },
    created_at: time,
    delivered_at: time,
  },
};

const permission: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'The standing_permission_id the consumer knows it by' },
    consumer: {
      type: 'object',
      properties: { client_id: { type: 'string' }, name: { oneOf: [localized, { type: 'null' }] } },
    },
    fields,
    granted_fields: { ...fields, description: 'Fields when granted: a change may only narrow to these' },
    status: { enum: ['active', 'withdrawn'] },
    withdrawn_by: { enum: ['person', 'consumer', null] },
    since: time,
    withdrawn_at: time,
    last_delivered_at: time,
    last_delivered_version: { type: ['integer', 'null'] },
    pending_deliveries: { type: 'integer' },
    retrying_deliveries: { type: 'array', items: delivery, description: 'Pending after failed attempts' },
    failed_deliveries: {
      type: 'array',
      items: delivery,
      description: 'Refused by the consumer (4xx) since the last successful delivery',
    },
  },
};

/** `standing_permission` in the presentation request view. */
export const standingPermissionView: Schema = {
  oneOf: [
    { type: 'null' },
    {
      type: 'object',
      description:
        'The request asks for a standing permission: the consumer would also get later changes of these fields until the person withdraws. Answer with `standing: true` to grant, otherwise the share is one-off. Only offered for signed requests.',
      properties: {
        requested: { const: true },
        consumer: {
          type: 'object',
          properties: { client_id: { type: 'string' }, name: { oneOf: [localized, { type: 'null' }] } },
        },
        credential_ids: { type: 'array', items: { type: 'string' } },
        fields,
        withdrawable: { const: true },
      },
    },
  ],
};

/** `standing` in the presentation answer body. */
export const standingChoice: Schema = {
  type: 'boolean',
  description:
    'Only for a request with standing_permission: true grants it (standing_permission_id goes with the answer); false or absent shares once',
};

/** `standing_permission` in the presentation answer's result. */
export const standingPermissionResult: Schema = {
  oneOf: [{ type: 'null' }, { type: 'object', properties: { id: { type: 'string' }, fields } }],
};

export const standingPermissionPaths = {
  '/api/standing-permissions': {
    get: {
      summary:
        'The person’s standing permissions: who gets which fields, since when, last delivered, failures',
      security: auth,
      responses: {
        '200': json({ type: 'object', properties: { permissions: { type: 'array', items: permission } } }),
        '401': errorResponse('invalid_token'),
      },
    },
    post: {
      summary:
        'Share the profile with consumers from the trust list; each gets it now and every later change',
      security: auth,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['consumers', 'fields'],
              properties: {
                consumers: {
                  type: 'array',
                  items: { type: 'string' },
                  description: 'Trust-list consumer ids',
                },
                fields: { ...fields, description: 'Limited per consumer to what it is registered for' },
              },
            },
          },
        },
      },
      responses: {
        '201': json(
          { type: 'object', properties: { permissions: { type: 'array', items: permission } } },
          'Created',
        ),
        '400': errorResponse('invalid_request'),
        '401': errorResponse('invalid_token'),
        '403': errorResponse('access_denied (CSRF)'),
        '409': errorResponse('the profile is empty'),
      },
    },
  },
  '/api/standing-permissions/consumers': {
    get: {
      summary: 'Consumers in the trust list that take standing permissions for the contact profile',
      security: auth,
      responses: {
        '200': json({
          type: 'object',
          properties: {
            consumers: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  name: localized,
                  client_id: { type: 'string' },
                  fields: { ...fields, description: 'The fields it is registered for' },
                  purposes: { type: 'array', items: localized },
                },
              },
            },
          },
        }),
        '401': errorResponse('invalid_token'),
      },
    },
  },
  '/api/standing-permissions/{id}': {
    patch: {
      summary: 'Change which fields the consumer gets (within those granted); the change is delivered',
      security: auth,
      parameters: [idParam],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'object', required: ['fields'], properties: { fields } } },
        },
      },
      responses: {
        '200': json(permission),
        '400': errorResponse('invalid_request'),
        '404': errorResponse('not_found'),
        '409': errorResponse('the permission has ended'),
      },
    },
  },
  '/api/standing-permissions/{id}/withdraw': {
    post: {
      summary:
        'Withdraw: nothing more is sent from now on, and the consumer is told (signed withdrawal, retried)',
      security: auth,
      parameters: [idParam],
      responses: { '200': json(permission), '404': errorResponse('not_found') },
    },
  },
  '/api/standing-permissions/{id}/deliveries': {
    get: {
      summary: 'The deliveries of one permission, newest first',
      security: auth,
      parameters: [idParam],
      responses: {
        '200': json({ type: 'object', properties: { deliveries: { type: 'array', items: delivery } } }),
        '404': errorResponse('not_found'),
      },
    },
  },
};
