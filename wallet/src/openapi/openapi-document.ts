/**
 * The wallet's JSON API as OpenAPI 3.1, served at `/api/openapi.json`. Written by hand next to
 * the routes; `test/wallet-accounts.test.ts` checks every route is described.
 */
import { approvalPaths, transactionDataView } from './approval-openapi.js';
import { profilePaths } from './profile-openapi.js';
import {
  standingChoice,
  standingPermissionPaths,
  standingPermissionResult,
  standingPermissionView,
} from './standing-permission-openapi.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      json(
        ref('Error'),
        {
          400: 'Invalid input (`invalid_request`, `invalid_grant` for a wrong tx_code)',
          401: 'Not signed in, or unknown token (`invalid_token`)',
          403: 'Missing or wrong X-CSRF-Token on a cookie-authenticated call (`access_denied`)',
          404: 'No such resource (`not_found`)',
          409: 'Already answered, or nothing to act on',
          410: 'Expired',
          502: 'The issuer or verifier failed, answered an error, timed out, or sent something that did not verify; nothing was stored',
          503: 'No current trust list (none published, or the one in force is past its next_update; docs/trust-list.md): `temporarily_unavailable`',
        }[code] ?? 'Error',
      ),
    ]),
  );
const body = (schema: Schema) => ({ required: true, content: { 'application/json': { schema } } });
const idParam = (name = 'id') => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const localized: Schema = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description:
    'Text per locale, e.g. {"sv": "Inskrivningsintyg", "en": "Registration certificate"}; `und` when the locale is unknown',
};

const schemas: Record<string, Schema> = {
  Issuer: {
    type: 'object',
    required: ['credential_issuer', 'name', 'trusted'],
    description:
      "Who issued a credential, read against the current trust list: the list's name wins over whatever the issuer's own metadata says",
    properties: {
      credential_issuer: { type: ['string', 'null'] },
      name: {
        ...localized,
        description:
          "The trust list's name; for an issuer not on the list its address (`und`), never its own name",
      },
      trusted: {
        type: ['boolean', 'null'],
        description: 'Is the issuer on the trust list? Every screen marks a credential whose issuer is not',
      },
      claimed_name: {
        oneOf: [localized, { type: 'null' }],
        description: 'What an issuer not on the trust list calls itself in its own metadata (unconfirmed)',
      },
    },
  },
  Error: {
    type: 'object',
    required: ['error', 'error_description'],
    properties: {
      error: { type: 'string', description: 'Spec error code (RFC 6749 / OID4VCI / OID4VP)' },
      error_description: { type: 'string', description: 'For people; never contains claim values' },
      tx_code_required: {
        type: 'boolean',
        description: 'Set when the offer needs a tx_code that was not sent',
      },
      tx_code: {
        type: 'object',
        description: "The offer's tx_code description (input_mode, length, description)",
      },
      issuer_error: { type: 'string', description: "The issuer's own error code, when it answered one" },
      verification_error: { type: 'string', description: 'Why a received credential did not verify' },
    },
  },
  Localized: localized,
  Session: {
    type: 'object',
    properties: {
      signed_in: { type: 'boolean' },
      identity_number: { type: 'string', description: '12 digits' },
      csrf_token: {
        type: 'string',
        description: 'Send as X-CSRF-Token on POST/DELETE with the session cookie',
      },
      expires_at: { type: 'string', format: 'date-time' },
      login_url: { type: 'string' },
    },
  },
  Token: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      created_at: { type: 'string', format: 'date-time' },
      last_used_at: { type: ['string', 'null'], format: 'date-time' },
      token: { type: 'string', description: 'Only in the answer to POST /api/tokens: `mpw_…`, shown once' },
    },
  },
  Claim: {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'Top-level claim name' },
      label: localized,
      value: { description: 'The claim value (any JSON)' },
      selectively_disclosable: { type: 'boolean' },
    },
  },
  Credential: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      offer_id: { type: 'string' },
      state: { enum: ['pending', 'deferred', 'stored'] },
      format: { type: 'string', example: 'dc+sd-jwt' },
      vct: { type: ['string', 'null'] },
      credential_configuration_id: { type: 'string' },
      name: localized,
      description: localized,
      background_color: { type: ['string', 'null'] },
      text_color: { type: ['string', 'null'] },
      issuer: { $ref: '#/components/schemas/Issuer' },
      issued_at: { type: ['string', 'null'], format: 'date-time' },
      expires_at: { type: ['string', 'null'], format: 'date-time' },
      received_at: { type: 'string', format: 'date-time' },
      status: {
        enum: ['valid', 'expired', 'revoked', 'suspended', 'unknown', 'pending', 'deferred'],
        description:
          'Current status: expiry, then the issuer status list (unknown when it cannot be fetched)',
      },
      copies: { type: 'integer', description: 'Batch copies held, each bound to its own key' },
      names_holder: {
        type: ['boolean', 'null'],
        description:
          'Whether the credential names whom it is issued to (personal_identity_number or coordination_number). false: it names no holder, so the wallet could not check it is about the owner (kept only with the person’s confirmation; older ones are marked in the overview). null while deferred.',
      },
      claims: { type: 'array', items: ref('Claim'), description: 'Only in detail views and offer previews' },
    },
  },
  Offer: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      state: {
        enum: ['pending', 'deferred', 'stored'],
        description:
          'pending: shown, waiting for accept/decline; deferred: the issuer has not delivered yet (GET polls); stored: kept',
      },
      credentials: { type: 'array', items: ref('Credential') },
    },
  },
  Holder: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: localized,
      credential_issuer: { type: 'string' },
      credential_types: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            format: { type: 'string' },
            type: { type: 'string', description: 'vct' },
            credential_configuration_id: { type: 'string' },
            name: localized,
          },
        },
      },
    },
  },
  PresentationRequest: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      state: { enum: ['open', 'answered', 'expired'] },
      expires_at: { type: 'string', format: 'date-time' },
      verifier: {
        type: 'object',
        properties: {
          client_id: { type: 'string' },
          client_id_prefix: { enum: ['decentralized_identifier', 'redirect_uri'] },
          verified: {
            type: 'boolean',
            description: 'The request object was signed by the client identifier’s key',
          },
          registered: {
            type: 'boolean',
            description: 'The asker is a registered consumer in the trust list',
          },
          name: { oneOf: [localized, { type: 'null' }] },
          purposes: {
            type: 'array',
            items: localized,
            description: 'Registered purposes covering the asked types',
          },
        },
      },
      warnings: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            code: {
              enum: [
                'unverified_verifier',
                'not_registered',
                'beyond_registration',
                'standing_permission_endpoints',
              ],
            },
            message: { type: 'string' },
            claims: {
              type: 'array',
              items: { type: 'object' },
              description: 'beyond_registration: per type, the claim names asked beyond the registration',
            },
          },
        },
      },
      response_mode: { enum: ['direct_post', 'direct_post.jwt'] },
      transaction_data: transactionDataView,
      standing_permission: standingPermissionView,
      credential_queries: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: {
              type: 'string',
              description: 'DCQL credential query id (the key in `claims` of the response)',
            },
            format: { type: 'string' },
            types: { type: 'array', items: { type: 'string' } },
            claims: {
              type: 'array',
              items: {
                type: 'object',
                properties: { name: { type: 'string' }, path: { type: 'array' }, label: localized },
              },
            },
            matches: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  credential_id: { type: 'string' },
                  name: localized,
                  issuer: {
                    description:
                      "As Issuer; for the contact profile (the person's own statement) credential_issuer and trusted are null",
                    $ref: '#/components/schemas/Issuer',
                  },
                  claims_to_send: {
                    type: 'array',
                    description:
                      'Preview: exactly the selectively disclosable claims and values that would be sent. Empty when the query names no `claims` (OpenID4VP 1.0 §6.4.1: none is disclosed then)',
                    items: {
                      type: 'object',
                      properties: { name: { type: 'string' }, value: {}, label: localized },
                    },
                  },
                  claims_always_sent: {
                    type: 'array',
                    description:
                      'Claims the issuer did not make selectively disclosable: they go with any presentation of this credential',
                    items: {
                      type: 'object',
                      properties: { name: { type: 'string' }, value: {}, label: localized },
                    },
                  },
                },
              },
            },
            missing: { type: 'boolean' },
            holders: {
              type: 'array',
              description:
                'When missing: holders (trust list) that issue it; fetch with POST /api/holders/{issuerId}/fetch',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  name: localized,
                  credential_issuer: { type: 'string' },
                  credential_configuration_ids: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
      },
      credential_sets: { type: 'array', items: { type: 'object' } },
      can_answer: {
        type: 'boolean',
        description: 'The held credentials satisfy the request and the wallet will answer it (no `refusal`)',
      },
      refusal: {
        description:
          'Set when the wallet answers nothing to this asker, not even the contact profile, and posts nothing to its response_uri: an unsigned request (`redirect_uri` client identifier prefix), or one signed with a did:jwk/did:key the trust list does not name. The app shows `message` instead of the share button. Off with WALLET_ALLOW_UNSIGNED_REQUESTS=1 (development only)',
        oneOf: [
          { type: 'null' },
          {
            type: 'object',
            properties: {
              error: { enum: ['invalid_request'], description: 'OpenID4VP 1.0 §8.5' },
              reason: { enum: ['unsigned_request', 'self_certifying_client'] },
              message: localized,
            },
          },
        ],
      },
    },
  },
  LogEntry: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
      event: {
        enum: [
          'issuance',
          'presentation',
          'refusal',
          'deletion',
          'profile_change',
          'standing_permission',
          'profile_delivery',
        ],
      },
      counterparty: { type: 'string', description: 'Issuer identifier or verifier client_id' },
      counterparty_name: {
        oneOf: [localized, { type: 'null' }],
        description:
          "The trust list's name for an issuer or consumer on it (it wins over any stored name); an issuer not on it goes by its address",
      },
      counterparty_trusted: {
        type: ['boolean', 'null'],
        description: 'Is the counterparty on the trust list? null when the entry has no outside counterparty',
      },
      credential_types: { type: 'array', items: { type: 'string' } },
      claims: { type: 'array', items: { type: 'string' }, description: 'Claim names, never values' },
      purpose: { oneOf: [localized, { type: 'null' }] },
      outcome: { type: 'string' },
    },
  },
};

const auth = [{ session: [] }, { personalToken: [] }];

export function createOpenApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Min profil — wallet API',
      version: '0.1.0',
      description:
        'The citizen’s wallet: receive credentials (OpenID4VCI 1.0), keep them encrypted, share only what the person approves (OpenID4VP 1.0 + DCQL), and the person’s log. Authenticate with the session cookie from /auth/login (and X-CSRF-Token from GET /api/session on POST/DELETE) or with a personal access token (`Authorization: Bearer mpw_…`). Errors are `{ error, error_description }`.',
    },
    servers: [{ url: baseUrl }],
    components: {
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
      schemas,
    },
    paths: {
      '/auth/login': {
        get: {
          summary: 'Sign in with eID (redirects to the eID provider)',
          parameters: [
            {
              name: 'return_to',
              in: 'query',
              schema: { type: 'string' },
              description: 'Same-origin path to return to',
            },
          ],
          responses: { '303': { description: 'To the eID provider' } },
        },
      },
      '/auth/callback': {
        get: {
          summary: 'eID redirect URI: opens the session',
          responses: {
            '303': { description: 'Back to return_to, session cookie set (HttpOnly, SameSite=Lax)' },
          },
        },
      },
      '/auth/logout': {
        post: {
          summary: 'Sign out',
          security: auth,
          responses: { '204': { description: 'Signed out' }, ...errors(401, 403) },
        },
      },
      '/api/session': {
        get: { summary: 'Who is signed in, and the CSRF token', responses: { '200': json(ref('Session')) } },
      },
      '/api/tokens': {
        get: {
          summary: 'Personal access tokens',
          security: auth,
          responses: {
            '200': json({ type: 'object', properties: { tokens: { type: 'array', items: ref('Token') } } }),
            ...errors(401),
          },
        },
        post: {
          summary: 'Create a personal access token (returned once)',
          description:
            'Only with the signed-in session (cookie and X-CSRF-Token): a personal access token cannot create tokens (403 insufficient_scope).',
          security: auth,
          requestBody: body({ type: 'object', properties: { name: { type: 'string', maxLength: 100 } } }),
          responses: { '201': json(ref('Token')), ...errors(400, 401, 403) },
        },
      },
      '/api/tokens/{id}': {
        delete: {
          summary: 'Delete a token',
          security: auth,
          parameters: [idParam()],
          responses: { '204': { description: 'Deleted' }, ...errors(401, 403, 404) },
        },
      },
      '/api/credential-offers': {
        post: {
          summary: 'Receive from a credential offer: fetch, verify and show (not yet kept)',
          description:
            'Resolves the offer (by value or credential_offer_uri; the bare https URI of the offer is accepted too), the issuer metadata, redeems the pre-authorized code with tx_code, and requests each credential with fresh holder keys (batch copies when offered). Each credential is verified on receipt; on any failure nothing is kept. A credential issued to another person (its personal_identity_number or coordination_number is not the account owner’s) is refused with 403 access_denied. The result is a pending preview: accept or decline it. Deferred credentials come back with state `deferred`.',
          security: auth,
          requestBody: body({
            type: 'object',
            required: ['offer'],
            properties: {
              offer: { type: 'string', description: 'openid-credential-offer://… or the offer URI' },
              tx_code: { type: 'string' },
              return_to: {
                type: 'string',
                description:
                  'Offers with the authorization_code grant: same-origin path /oid4vci/callback returns to',
              },
            },
          }),
          responses: {
            '201': json(ref('Offer')),
            '202': json(
              {
                type: 'object',
                properties: {
                  state: { const: 'authorization_required' },
                  authorization_url: { type: 'string' },
                },
              },
              'The offer needs sign-in at the issuer (authorization_code grant): open authorization_url — the wallet’s one-time start URL (/oid4vci/start/{token}) — in the browser that is to finish the sign-in; the credentials arrive via /oid4vci/callback in that browser only (stored at once, or kept pending when a credential names no holder; redirect to return_to?received={offer id})',
            ),
            ...errors(400, 401, 403, 502),
          },
        },
      },
      '/api/credential-offers/{id}': {
        get: {
          summary: 'The offer; asks the issuer again for deferred credentials that are due',
          security: auth,
          parameters: [idParam()],
          responses: { '200': json(ref('Offer')), ...errors(401, 404, 502) },
        },
      },
      '/api/credential-offers/{id}/accept': {
        post: {
          summary: 'Keep the shown credentials (logged as issuance)',
          description:
            'A credential that names no holder (names_holder false) is kept only with `confirm_holder: true`: the person confirms it is theirs. Without it the answer is 400 invalid_request with `holder_confirmation_required: true` and nothing changes.',
          security: auth,
          parameters: [idParam()],
          requestBody: {
            required: false,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    confirm_holder: {
                      type: 'boolean',
                      description:
                        'The person confirms that credentials naming no holder are about them (needed only for those)',
                    },
                  },
                },
              },
            },
          },
          responses: { '200': json(ref('Offer')), ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/api/credential-offers/{id}/decline': {
        post: {
          summary: 'Drop the offer (logged as refusal)',
          security: auth,
          parameters: [idParam()],
          responses: { '204': { description: 'Dropped' }, ...errors(401, 403, 404, 409) },
        },
      },
      '/api/credentials': {
        get: {
          summary: 'Credentials kept, with current status',
          security: auth,
          responses: {
            '200': json({
              type: 'object',
              properties: { credentials: { type: 'array', items: ref('Credential') } },
            }),
            ...errors(401),
          },
        },
      },
      '/api/credentials/{id}': {
        get: {
          summary: 'One credential with its claims',
          security: auth,
          parameters: [idParam()],
          responses: { '200': json(ref('Credential')), ...errors(401, 404) },
        },
        delete: {
          summary: 'Delete the credential and its keys (logged)',
          security: auth,
          parameters: [idParam()],
          responses: { '204': { description: 'Deleted' }, ...errors(401, 403, 404) },
        },
      },
      '/api/holders': {
        get: {
          summary: 'Data holders and what each issues (from the trust list)',
          security: auth,
          responses: {
            '200': json({ type: 'object', properties: { holders: { type: 'array', items: ref('Holder') } } }),
            ...errors(401, 503),
          },
        },
      },
      '/api/holders/{issuerId}/fetch': {
        post: {
          summary: 'Start fetching a credential from a holder (authorization code + PKCE)',
          description:
            '`authorization_url` is the wallet’s one-time start URL (/oid4vci/start/{token}, valid once and for 10 minutes), not the holder’s: open it in the browser that is to finish the fetch. It sets a cookie bound to this fetch and redirects to the holder, where the person signs in. The holder redirects to /oid4vci/callback, which finishes the fetch only in the browser with that cookie (elsewhere: a page saying nothing was stored), refuses a credential issued to someone other than the account owner, stores the credential and redirects to `return_to?received={offer id}` (or `?error=…&error_description=…`). A credential that names no holder is not stored at once: it stays a pending offer the person accepts with confirm_holder. Several fetches may run in parallel.',
          security: auth,
          parameters: [idParam('issuerId')],
          requestBody: body({
            type: 'object',
            required: ['credential_configuration_id'],
            properties: {
              credential_configuration_id: { type: 'string' },
              return_to: { type: 'string', description: 'Same-origin path' },
            },
          }),
          responses: {
            '201': json({
              type: 'object',
              properties: { authorization_url: { type: 'string' }, state: { type: 'string' } },
            }),
            ...errors(400, 401, 403, 404, 502, 503),
          },
        },
      },
      '/oid4vci/start/{token}': {
        get: {
          summary: 'One-time start of a holder fetch: binds it to this browser, then on to the holder',
          parameters: [idParam('token')],
          responses: {
            '303': {
              description:
                'To the holder’s authorization URL; sets an HttpOnly, SameSite=Lax cookie (Secure on https) for /oid4vci/callback',
            },
            '400': { description: 'HTML page (Swedish first): the link is unknown, already used or expired' },
          },
        },
      },
      '/oid4vci/callback': {
        get: {
          summary: 'OID4VCI redirect URI of the wallet-initiated flow',
          responses: {
            '303': { description: 'To return_to with `received` or `error`' },
            '403': {
              description:
                'HTML page (Swedish first): the fetch was started in another browser (no matching start cookie); nothing was stored',
            },
          },
        },
      },
      '/api/presentation-requests': {
        post: {
          summary: 'Look at a verifier’s request (OpenID4VP 1.0 + DCQL)',
          description:
            'Fetches the request object by request_uri and checks its signature (decentralized_identifier: keys from the trust list, else DID resolution); redirect_uri: requests are accepted unsigned and flagged; other prefixes are refused. Matches the DCQL query against kept credentials and says who asks, why, what would be sent, what is missing and who issues it.',
          security: auth,
          requestBody: body({
            type: 'object',
            required: ['request'],
            properties: { request: { type: 'string', description: 'openid4vp://…' } },
          }),
          responses: { '201': json(ref('PresentationRequest')), ...errors(400, 401, 403) },
        },
      },
      '/api/presentation-requests/{id}': {
        get: {
          summary: 'The request again (matches recomputed)',
          security: auth,
          parameters: [idParam()],
          responses: { '200': json(ref('PresentationRequest')), ...errors(401, 404) },
        },
      },
      '/api/presentation-requests/{id}/response': {
        post: {
          summary: 'Approve (send only approved claims) or decline (access_denied)',
          security: auth,
          parameters: [idParam()],
          requestBody: body({
            type: 'object',
            required: ['decision'],
            properties: {
              decision: { enum: ['approve', 'decline'] },
              claims: {
                type: 'object',
                additionalProperties: { type: 'array', items: { type: 'string' } },
                description:
                  'Per DCQL query id, the claim names to send (a subset of what was asked). Without it exactly what was asked is sent.',
              },
              credentials: {
                type: 'object',
                additionalProperties: { type: 'string' },
                description: 'Per DCQL query id, which held credential answers it (default: the first match)',
              },
              standing: standingChoice,
            },
          }),
          responses: {
            '200': json({
              type: 'object',
              properties: {
                decision: { enum: ['approve', 'decline'] },
                delivered: { type: 'boolean', description: 'The verifier accepted the answer (HTTP 2xx)' },
                verifier_status: { type: 'integer' },
                redirect_uri: {
                  type: ['string', 'null'],
                  description:
                    'Where the verifier wants the browser next (same-device flow). Only an https URL (http on loopback with ALLOW_INSECURE_URLS=1); any other the verifier answers (javascript:, data:, custom schemes) is dropped and logged, and this is null',
                },
                sent: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      query_id: { type: 'string' },
                      credential_id: { type: 'string' },
                      name: localized,
                      claims: { type: 'array', items: { type: 'string' } },
                    },
                  },
                },
                standing_permission: standingPermissionResult,
              },
            }),
            ...errors(400, 401, 403, 404, 409, 410, 502),
          },
        },
      },
      '/api/log': {
        get: {
          summary: 'The person’s log (newest first); `format=csv` or `format=json` downloads it',
          security: auth,
          parameters: [
            {
              name: 'event',
              in: 'query',
              schema: {
                enum: [
                  'issuance',
                  'presentation',
                  'refusal',
                  'deletion',
                  'profile_change',
                  'standing_permission',
                  'profile_delivery',
                ],
              },
            },
            { name: 'counterparty', in: 'query', schema: { type: 'string' } },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'format', in: 'query', schema: { enum: ['json', 'csv'] } },
          ],
          responses: {
            '200': {
              description: 'OK',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { entries: { type: 'array', items: ref('LogEntry') } },
                  },
                },
                'text/csv': { schema: { type: 'string' } },
              },
            },
            ...errors(400, 401),
          },
        },
        delete: {
          summary: 'Delete the whole log (only the person can)',
          security: auth,
          responses: {
            '200': json({ type: 'object', properties: { deleted: { type: 'integer' } } }),
            ...errors(401, 403),
          },
        },
      },
      '/api/overview': {
        get: {
          summary: 'Which bodies hold data about me, what I have shared, with whom and when',
          security: auth,
          responses: {
            '200': json({
              type: 'object',
              properties: {
                holders: {
                  type: 'array',
                  description:
                    "The trust list's issuers (`trusted: true`), then, by address, each issuer not on the list that the wallet holds credentials from (`trusted: false`)",
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'string' },
                      name: localized,
                      trusted: { type: 'boolean' },
                      credential_issuer: { type: 'string' },
                      credential_types: { type: 'array', items: { type: 'object' } },
                      held_credentials: { type: 'array', items: { type: 'object' } },
                      last_issuance: { type: ['string', 'null'] },
                    },
                  },
                },
                shared_with: { type: 'array', items: { type: 'object' } },
              },
            }),
            ...errors(401),
          },
        },
      },
      ...approvalPaths,
      ...profilePaths,
      ...standingPermissionPaths,
      '/api/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
    },
  };
}
