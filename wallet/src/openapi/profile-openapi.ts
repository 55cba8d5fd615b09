/** The contact profile: the wallet API's profile parts, merged into the OpenAPI document. */
import {
  addressSources,
  contactChannels,
  contactMatters,
} from '@min-profil/shared/contact-profile/contact-profile';

type Schema = Record<string, unknown>;

const auth = [{ session: [] }, { personalToken: [] }];
const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: error } },
});
const json = (schema: Schema, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const body = (schema: Schema) => ({ required: true, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const dateTime = { type: ['string', 'null'], format: 'date-time' };

const address: Schema = {
  type: 'object',
  required: ['street_address', 'postal_code', 'locality', 'country'],
  properties: {
    street_address: { type: 'string', maxLength: 200 },
    postal_code: { type: 'string', maxLength: 20 },
    locality: { type: 'string', maxLength: 100 },
    country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' },
    source: {
      enum: [...addressSources],
      description:
        'Set by the wallet: `skatteverket` while the address is the one from the registered-address credential and unchanged, else `self`. On PUT, `skatteverket` is refused unless the address is that one; `self` drops the mark.',
    },
  },
};

const channelOrder: Schema = {
  type: 'array',
  items: { enum: [...contactChannels] },
  uniqueItems: true,
  description: 'Channels in order of preference',
};

const contactPreferences: Schema = {
  type: ['object', 'null'],
  required: ['default'],
  properties: {
    default: channelOrder,
    by_matter: {
      type: 'object',
      propertyNames: { enum: [...contactMatters] },
      additionalProperties: channelOrder,
    },
  },
};

const verification = {
  verified: { type: 'boolean', description: 'Only after a code sent to it was entered' },
  verified_at: dateTime,
};

const profileView: Schema = {
  type: 'object',
  properties: {
    profile_version: { type: 'integer', description: '+1 on every change; 0 before the first' },
    updated_at: dateTime,
    profile: {
      type: 'object',
      properties: {
        address: { oneOf: [address, { type: 'null' }] },
        emails: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              address: { type: 'string', format: 'email' },
              ...verification,
            },
          },
        },
        phones: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              number: { type: 'string', description: 'E.164' },
              ...verification,
            },
          },
        },
        preferred_language: { type: ['string', 'null'], description: 'BCP 47, e.g. sv' },
        contact_preferences: contactPreferences,
      },
    },
    address_suggestion: {
      type: ['object', 'null'],
      description:
        'The address in the newest valid Skatteverket registered-address credential the person holds; PUT it (with source skatteverket) to adopt it',
      properties: {
        street_address: { type: 'string' },
        postal_code: { type: 'string' },
        locality: { type: 'string' },
        country: { type: 'string' },
        source: { const: 'skatteverket' },
        credential_id: { type: 'string' },
        adopted: { type: 'boolean', description: 'The profile holds this address now' },
      },
    },
    can_send_codes: { type: 'boolean', description: 'False when this wallet has no message gateway' },
    demo_outbox_url: {
      type: ['string', 'null'],
      description: 'Demo wallets only: the page where the codes "sent" can be read',
    },
    changed: {
      type: 'array',
      items: { type: 'string' },
      description: 'PUT only: the claim names that changed (empty: no new version)',
    },
  },
};

const profileUpdate: Schema = {
  type: 'object',
  required: ['address', 'emails', 'phones', 'preferred_language', 'contact_preferences'],
  properties: {
    profile_version: {
      type: 'integer',
      description: 'The version this edit was made from; 409 when the profile has moved on',
    },
    address: { oneOf: [address, { type: 'null' }] },
    emails: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        required: ['address'],
        properties: {
          id: { type: 'string', description: 'Keep an entry (and its verification while unchanged)' },
          address: { type: 'string', format: 'email', maxLength: 254 },
        },
      },
    },
    phones: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        required: ['number'],
        properties: {
          id: { type: 'string' },
          number: { type: 'string', description: 'E.164, e.g. +46701234567 (spaces and dashes are dropped)' },
        },
      },
    },
    preferred_language: { type: ['string', 'null'] },
    contact_preferences: contactPreferences,
  },
};

const codeErrors = {
  '400': errorResponse(
    '`invalid_grant` with `reason`: no_code, expired, wrong_code (with `attempts_left`), locked (5 wrong tries), value_changed; `invalid_request` for a code that is not 6 digits',
  ),
  '401': errorResponse('invalid_token'),
  '403': errorResponse('Missing or wrong X-CSRF-Token'),
  '404': errorResponse('No such entry'),
};

function codePaths(segment: 'emails' | 'phones', what: string) {
  return {
    [`/api/profile/${segment}/{id}/code`]: {
      post: {
        summary: `Send a 6-digit code to the ${what} (valid 10 minutes; earlier codes stop working)`,
        security: auth,
        parameters: [idParam],
        responses: {
          '202': json({
            type: 'object',
            properties: {
              expires_at: { type: 'string', format: 'date-time' },
              resend_after: { type: 'string', format: 'date-time' },
            },
          }),
          '404': errorResponse('No such entry'),
          '409': errorResponse('Already verified'),
          '429': errorResponse(
            'A code was sent less than a minute ago, or 10 in the last hour (Retry-After)',
          ),
          '503': errorResponse('No message gateway on this wallet'),
        },
      },
    },
    [`/api/profile/${segment}/{id}/verify`]: {
      post: {
        summary: `Enter the code: marks the ${what} verified (a new profile version with the wallet provider's channel-verification+jwt)`,
        security: auth,
        parameters: [idParam],
        requestBody: body({
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string', pattern: '^\\d{6}$' } },
        }),
        responses: { '200': json(profileView), ...codeErrors },
      },
    },
  };
}

export const profilePaths = {
  '/api/profile': {
    get: {
      summary: 'The contact profile, its version and the Skatteverket address on offer',
      security: auth,
      responses: { '200': json(profileView), '401': errorResponse('invalid_token') },
    },
    put: {
      summary:
        'Replace the editable fields. A change is a new version, delivered to every standing permission, and a log entry (names only). A changed e-mail or number loses its verification.',
      security: auth,
      requestBody: body(profileUpdate),
      responses: {
        '200': json(profileView),
        '400': errorResponse('invalid_request (which field, never its value)'),
        '401': errorResponse('invalid_token'),
        '403': errorResponse('Missing or wrong X-CSRF-Token'),
        '409': errorResponse('The profile changed since `profile_version`'),
      },
    },
  },
  ...codePaths('emails', 'e-mail address'),
  ...codePaths('phones', 'phone number'),
  '/.well-known/jwks.json': {
    get: {
      summary: "The wallet provider's public keys (channel verification proofs)",
      security: [],
      responses: { '200': json({ type: 'object', properties: { keys: { type: 'array' } } }) },
    },
  },
  '/.well-known/wallet-client': {
    get: {
      summary: "The wallet's OAuth client identity at issuers (copied into the trust list)",
      description:
        'The trust-list operator copies `client_id` and `redirect_uris` into the wallet provider entry, which makes the wallet a registered client at every holder: holders send authorization codes only to these exact redirect URIs (docs/authorization-server.md).',
      security: [],
      responses: {
        '200': json({
          type: 'object',
          required: ['client_id', 'redirect_uris'],
          properties: {
            client_id: { type: 'string' },
            redirect_uris: { type: 'array', items: { type: 'string', format: 'uri' } },
          },
        }),
      },
    },
  },
};
