/** The hosted consumers' public descriptions, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';

const zLocalized = z.record(z.string(), z.string()).meta({ description: 'Text per locale (sv, en)' });

const zConsumer = z.object({
  id: z.string(),
  name: zLocalized,
  client_id: z
    .string()
    .meta({ example: 'decentralized_identifier:did:web:verifier.example:consumers:insurer' }),
  did: z.string(),
  jwks: z
    .object({ keys: z.array(z.record(z.string(), z.unknown())) })
    .meta({ description: 'Public keys only' }),
  registrations: z
    .array(
      z.object({
        purpose: zLocalized,
        credentials: z.array(
          z.object({ format: z.string(), type: z.string(), claims: z.array(z.array(z.unknown())) }),
        ),
      }),
    )
    .meta({ description: "What its templates ask for: the trust list's registrations are written from it" }),
  standing_permissions: z
    .object({ update_endpoint: z.url(), nonce_endpoint: z.url() })
    .optional()
    .meta({ description: 'Only for a consumer that takes standing permissions' }),
  client_id_prefix: z
    .enum(['decentralized_identifier', 'x509_hash', 'x509_san_dns'])
    .meta({ description: 'The client identifier its new requests use (OpenID4VP 1.0 §5.9.3)' }),
  profile: z.enum(['openid4vp', 'haip']).meta({
    description:
      'haip: HAIP 1.0 — requests default to direct_post.jwt and refuse direct_post, and a credential with holder binding needs a KB-JWT; openid4vp (the default): OpenID4VP 1.0',
  }),
  x509: z
    .object({ certificate_hashes: z.array(z.string()).optional(), dns_names: z.array(z.string()).optional() })
    .optional()
    .meta({
      description:
        'Only with an x509 prefix and an access certificate installed: what the trust list binds to the consumer (the x509_hash value, or the SAN dNSName)',
    }),
});

export const consumerPaths: PathsSpec = {
  '/api/consumers': {
    get: {
      summary: 'Hosted consumers: client_id, keys and what their templates ask for',
      security: [],
      responses: { 200: { description: 'OK', json: z.object({ consumers: z.array(zConsumer) }) } },
      errors: { 503: 'temporarily_unavailable: no current trust list' },
    },
  },
  '/consumers/{id}/did.json': {
    get: {
      summary: "A consumer's did:web document",
      security: [],
      responses: {
        200: { description: 'OK', media: { 'application/did+json': z.record(z.string(), z.unknown()) } },
      },
      errors: { 404: 'not_found' },
    },
  },
};
