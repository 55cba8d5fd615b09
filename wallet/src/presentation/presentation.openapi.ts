/** Sharing (OpenID4VP 1.0 + DCQL): the wallet API's presentation parts, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zIssuer } from '../credentials/credentials.openapi.js';
import { errors } from '../openapi/errors.js';
import { zSigningRequestAnswerBody } from '../signing-requests/signing-requests.openapi.js';
import { zLocalized } from '../openapi/z-localized.js';
import { zFieldList } from '../standing-permissions/z-fields.js';
import {
  zActingForQuery,
  zPresentationRequestBody,
  zPresentationResponseBody,
} from './z-presentation-response.js';

/** A party the person may act for ("Jag företräder", GET /api/representation). */
const zPartyRef = z.object({
  id: z.string(),
  kind: z.enum(['child', 'company', 'principal']),
  name: z.string(),
});

const zTransactionData = z
  .array(
    z.object({
      type: z.literal('min-profil/document-approval'),
      title: z.string(),
      media_type: z.enum(['application/pdf', 'application/json']),
      document_hash: z.string(),
      document_hash_alg: z.literal('sha-256'),
      document_verified: z.literal(true),
      credential_ids: z.array(z.string()),
      document_url: z.string().meta({ description: 'GET it (authenticated) for the bytes' }),
      text_preview: z.array(z.string()).optional().meta({ description: 'PDF: the text lines found' }),
      content: z.unknown().optional().meta({ description: 'JSON: the document itself' }),
    }),
  )
  .meta({
    description:
      'Documents to approve (OpenID4VP 1.0 transaction_data of type min-profil/document-approval). The wallet fetched each from its document_uri and checked it against document_hash before showing the request; approving binds their hashes into the KB-JWT (transaction_data_hashes). A request with an unknown type or a document that does not match is refused with 400 invalid_transaction_data and a `reason` (unknown_transaction_data_type, malformed_transaction_data, invalid_document_approval, unknown_credential_id, document_unavailable, document_media_type_mismatch, document_hash_mismatch, document_too_large: a PDF whose content streams inflate past 4 MiB in all), and the verifier is told.',
  });

const zConsumerName = z.object({ client_id: z.string(), name: zLocalized.nullable() });

const zStandingPermissionAsked = z
  .object({
    requested: z.literal(true),
    consumer: zConsumerName,
    credential_ids: z.array(z.string()),
    fields: zFieldList,
    withdrawable: z.literal(true),
    company: z.object({ org_number: z.string(), name: z.string() }).nullable().optional().meta({
      description:
        "The company contact profile of this company would go (issue #21): the permission is then the company's, kept on the company screen, and its updates are signed by the company key",
    }),
  })
  .nullable()
  .meta({
    description:
      'The request asks for a standing permission: the consumer would also get later changes of these fields until the person withdraws. Answer with `standing: true` to grant, otherwise the share is one-off. Only offered for signed requests.',
  });

const zClaimPreview = z.object({ name: z.string(), value: z.unknown().optional(), label: zLocalized });

const zCredentialQuery = z.object({
  id: z.string().meta({ description: 'DCQL credential query id (the key in `claims` of the response)' }),
  format: z.string(),
  multiple: z.boolean().meta({ description: 'DCQL multiple: every match is sent, none is chosen' }),
  in_answer: z.boolean().meta({
    description:
      'Whether the answer would include this query: with credential_sets, false for an alternative the chosen option leaves out (true for every query while the request cannot be answered)',
  }),
  types: z.array(z.string()),
  claims: z.array(z.object({ name: z.string(), path: z.array(z.unknown()), label: zLocalized })),
  matches: z.array(
    z.object({
      credential_id: z.string(),
      name: zLocalized,
      issuer: zIssuer.meta({
        description:
          "As Issuer; for the contact profile (the person's own statement) credential_issuer and trusted are null",
      }),
      acts_for: zPartyRef.nullable().meta({
        description:
          'The party this credential proves the person may act for (a child, a company, a principal)',
      }),
      claims_to_send: z.array(zClaimPreview).meta({
        description:
          'Preview: exactly the selectively disclosable claims and values that would be sent. Empty when the query names no `claims` (OpenID4VP 1.0 §6.4.1: none is disclosed then)',
      }),
      claims_always_sent: z.array(zClaimPreview).meta({
        description:
          'Claims the issuer did not make selectively disclosable: they go with any presentation of this credential',
      }),
    }),
  ),
  missing: z.boolean(),
  holders: z
    .array(
      z.object({
        id: z.string(),
        name: zLocalized,
        credential_issuer: z.string(),
        credential_configuration_ids: z.array(z.string()),
      }),
    )
    .optional()
    .meta({
      description:
        'When missing: holders (trust list) that issue it; fetch with POST /api/holders/{issuerId}/fetch',
    }),
});

export const zPresentationRequest = z
  .object({
    id: z.string(),
    acting_for: z.string().nullable().meta({ description: 'The party id asked with ?acting_for, else null' }),
    on_behalf_of: z
      .array(
        zPartyRef.extend({
          proven_by: z.array(
            z.object({
              credential_id: z.string(),
              name: zLocalized,
              issuer_name: zLocalized,
              expires_at: z.string().nullable(),
            }),
          ),
        }),
      )
      .meta({
        description:
          'On whose behalf the data go, each with the credential that proves the person may act for them (issue #20); empty when only the person’s own data go',
      }),
    state: z.enum(['open', 'answered', 'expired']),
    expires_at: z.iso.datetime(),
    verifier: z.object({
      client_id: z.string(),
      client_id_prefix: z.enum(['decentralized_identifier', 'x509_hash', 'x509_san_dns', 'redirect_uri']),
      verified: z
        .boolean()
        .meta({ description: 'The request object was signed by the client identifier’s key' }),
      registered: z.boolean().meta({ description: 'The asker is a registered consumer in the trust list' }),
      name: zLocalized.nullable(),
      purposes: z.array(zLocalized).meta({ description: 'Registered purposes covering the asked types' }),
      registration_certificates: z
        .array(
          z.object({
            name: z.string(),
            purpose: zLocalized,
            privacy_policy: z.string().nullable(),
            intended_use_id: z.string().nullable(),
            credentials: z.array(
              z.object({ format: z.string(), type: z.string(), claims: z.array(z.string()) }),
            ),
            agrees_with_trust_list: z.boolean().nullable().meta({
              description:
                'Whether the trust list registers the same; null when the asker is not in the list. Where they differ the list counts',
            }),
          }),
        )
        .meta({
          description:
            "The checked registration certificates of the request's verifier_info (rc-wrp+jwt, signed by a registrar under a listed CA)",
        }),
    }),
    warnings: z.array(
      z.object({
        code: z.enum([
          'unverified_verifier',
          'not_registered',
          'beyond_registration',
          'registration_certificate_differs',
          'standing_permission_endpoints',
        ]),
        message: z.string(),
        claims: z.array(z.record(z.string(), z.unknown())).optional().meta({
          description: 'beyond_registration: per type, the claim names asked beyond the registration',
        }),
      }),
    ),
    response_mode: z.enum(['direct_post', 'direct_post.jwt', 'dc_api', 'dc_api.jwt']),
    dc_api: z
      .object({ origin: z.string(), protocol: z.literal('openid4vp-v1-signed') })
      .nullable()
      .optional()
      .meta({
        description:
          'Set for a request handed over through POST /api/dc-api/requests (OpenID4VP 1.0 Appendix A): the page that asks. The answer goes back to that caller (GET /api/dc-api/requests/{id}/response), never to a URL',
      }),
    transaction_data: zTransactionData.optional(),
    standing_permission: zStandingPermissionAsked.optional(),
    case: z
      .object({
        requested: z.literal(true),
        title: z.string(),
        reference: z.string(),
        consumer: z.object({ client_id: z.string(), name: zLocalized.nullable() }),
        stoppable: z.literal(true),
      })
      .nullable()
      .optional()
      .meta({
        description:
          'The asker wants to send news about a case to the wallet (docs/cases.md); answer with `case: true` to open it, or share without it',
      }),
    credential_queries: z.array(zCredentialQuery),
    credential_sets: z.array(z.record(z.string(), z.unknown())).optional(),
    can_answer: z.boolean().meta({
      description: 'The held credentials satisfy the request and the wallet will answer it (no `refusal`)',
    }),
    refusal: z
      .object({
        error: z.literal('invalid_request').meta({ description: 'OpenID4VP 1.0 §8.5' }),
        reason: z.enum(['unsigned_request', 'self_certifying_client']),
        message: zLocalized,
      })
      .nullable()
      .optional()
      .meta({
        description:
          'Set when the wallet answers nothing to this asker, not even the contact profile, and posts nothing to its response_uri: an unsigned request (`redirect_uri` client identifier prefix), or one signed with a did:jwk/did:key the trust list does not name. The app shows `message` instead of the share button. Off with WALLET_ALLOW_UNSIGNED_REQUESTS=1 (development only)',
      }),
  })
  .meta({ id: 'PresentationRequest' });

const zPresentationOutcome = z.object({
  decision: z.enum(['approve', 'decline']),
  delivered: z.boolean().meta({ description: 'The verifier accepted the answer (HTTP 2xx)' }),
  verifier_status: z.number().int().meta({
    description:
      "The verifier's HTTP status; 0 for a Digital Credentials API answer, which goes to the caller",
  }),
  redirect_uri: z.string().nullable().meta({
    description:
      'Where the verifier wants the browser next (same-device flow). Only an https URL (http on loopback with ALLOW_INSECURE_URLS=1); any other the verifier answers (javascript:, data:, custom schemes) is dropped and logged, and this is null',
  }),
  sent: z
    .array(
      z.object({
        query_id: z.string(),
        credential_id: z.string(),
        name: zLocalized,
        claims: z.array(z.string()),
      }),
    )
    .optional(),
  standing_permission: z.object({ id: z.string(), fields: zFieldList }).nullable().optional(),
  case: z
    .object({ id: z.string() })
    .nullable()
    .optional()
    .meta({ description: 'The case opened with this answer' }),
  dc_api: z.object({ origin: z.string() }).optional().meta({
    description:
      'A Digital Credentials API request: the answer waits for its caller at GET /api/dc-api/requests/{id}/response (delivered means handed over, not verified)',
  }),
});

export const presentationPaths: PathsSpec = {
  '/api/presentation-requests': {
    post: {
      summary: 'Look at a verifier’s request (OpenID4VP 1.0 + DCQL)',
      description:
        'Fetches the request object by request_uri and checks its signature (decentralized_identifier: keys from the trust list, else DID resolution); redirect_uri: requests are accepted unsigned and flagged; other prefixes are refused. Matches the DCQL query against kept credentials and says who asks, why, what would be sent, what is missing and who issues it.',
      body: zPresentationRequestBody,
      responses: { 201: { description: 'Created', json: zPresentationRequest } },
      errors: errors(400, 401, 403),
    },
  },
  '/api/presentation-requests/{id}': {
    get: {
      summary: 'The request again (matches recomputed)',
      query: zActingForQuery,
      responses: { 200: { description: 'OK', json: zPresentationRequest } },
      errors: errors(401, 404),
    },
  },
  '/api/presentation-requests/{id}/documents/{index}': {
    get: {
      summary: 'A document to approve, decrypted (as fetched and checked when the request was opened)',
      params: z.object({
        index: z.coerce.number().int().min(0).meta({ description: 'Its place in transaction_data' }),
      }),
      responses: {
        200: {
          description: 'The document bytes (application/pdf or application/json), never cached',
          media: { 'application/pdf': null, 'application/json': null },
        },
      },
      errors: errors(401, 404),
    },
  },
  '/api/presentation-requests/{id}/response': {
    post: {
      summary: 'Approve (send only approved claims) or decline (access_denied)',
      body: zPresentationResponseBody,
      responses: {
        200: { description: 'OK', json: zPresentationOutcome },
        202: {
          description:
            'A credential to send is bound to a key only the page holds: sign the inputs and POST /api/signing-requests/{id}',
          json: zSigningRequestAnswerBody,
        },
      },
      errors: errors(400, 401, 403, 404, 409, 410, 502),
    },
  },
};
