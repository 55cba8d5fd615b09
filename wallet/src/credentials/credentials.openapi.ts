/** Kept credentials, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zLocalized } from '../openapi/z-localized.js';
import { zCredentialListQuery } from './credentials.routes.js';
import { zReplaceRequest } from './z-replace-credential-request.js';

export const zIssuer = z
  .object({
    credential_issuer: z.string().nullable(),
    name: zLocalized.meta({
      description:
        "The trust list's name; for an issuer not on the list its address (`und`), never its own name",
    }),
    trusted: z.boolean().nullable().meta({
      description: 'Is the issuer on the trust list? Every screen marks a credential whose issuer is not',
    }),
    claimed_name: zLocalized.nullable().optional().meta({
      description: 'What an issuer not on the trust list calls itself in its own metadata (unconfirmed)',
    }),
  })
  .meta({
    id: 'Issuer',
    description:
      "Who issued a credential, read against the current trust list: the list's name wins over whatever the issuer's own metadata says",
  });

const zClaim = z
  .object({
    name: z.string().meta({ description: 'Top-level claim name' }),
    label: zLocalized,
    value: z.unknown().meta({ description: 'The claim value (any JSON)' }),
    selectively_disclosable: z.boolean(),
  })
  .meta({ id: 'Claim' });

export const zCredential = z
  .object({
    id: z.string(),
    offer_id: z.string().optional(),
    state: z.enum(['pending', 'deferred', 'stored']).optional(),
    format: z.string().meta({ example: 'dc+sd-jwt' }),
    vct: z.string().nullable().optional(),
    credential_configuration_id: z.string().optional(),
    name: zLocalized,
    description: zLocalized.optional(),
    background_color: z.string().nullable().optional(),
    text_color: z.string().nullable().optional(),
    issuer: zIssuer,
    issued_at: z.iso.datetime().nullable().optional(),
    expires_at: z.iso.datetime().nullable().optional(),
    received_at: z.iso.datetime().optional(),
    status: z
      .enum(['valid', 'expired', 'revoked', 'suspended', 'unknown', 'pending', 'deferred'])
      .optional()
      .meta({
        description:
          'Current status: expiry, then the issuer status list (unknown when it cannot be fetched)',
      }),
    copies: z.number().int().optional().meta({ description: 'Batch copies held, each bound to its own key' }),
    names_holder: z.boolean().nullable().optional().meta({
      description:
        'Whether the credential names whom it is issued to (personal_identity_number or coordination_number). false: it names no holder, so the wallet could not check it is about the owner (kept only with the person’s confirmation; older ones are marked in the overview). null while deferred.',
    }),
    key_protection: z.enum(['service', 'passkey']).optional().meta({
      description:
        'Whose keys its copies are bound to: service (kept by the wallet service; one received before the account’s passkey, to be fetched again and replaced) or passkey (made in the page). Absent while deferred.',
    }),
    claims: z.array(zClaim).optional().meta({ description: 'Only in detail views and offer previews' }),
  })
  .meta({ id: 'Credential' });

export const credentialPaths: PathsSpec = {
  '/api/credentials': {
    get: {
      summary: 'Credentials kept, with current status (newest first); in pages with `limit` and `cursor`',
      query: zCredentialListQuery,
      responses: {
        200: {
          description: 'OK',
          json: z.object({
            credentials: z.array(zCredential),
            next_cursor: z.string().optional().meta({
              description: 'Only with `limit`, when more follow: pass it as `cursor` for the next page',
            }),
          }),
        },
      },
      errors: errors(400, 401),
    },
  },
  '/api/credentials/{id}': {
    get: {
      summary: 'One credential with its claims',
      responses: { 200: { description: 'OK', json: zCredential } },
      errors: errors(401, 404),
    },
    delete: {
      summary: 'Delete the credential and its keys (logged)',
      responses: { 204: 'Deleted' },
      errors: errors(401, 403, 404),
    },
  },
  '/api/credentials/{id}/replace': {
    post: {
      summary: 'Replace a credential bound to the service’s keys by its copy fetched again with passkey keys',
      description:
        'Moving from service-held to passkey keys: after the person fetched the credential again from its holder (bound to keys made in the page), the old one is deleted with its service-held keys (logged as a deletion). Both must be kept credentials of this account from the same issuer and configuration; 409 when the account has no passkey or the credential is not bound to the service’s keys.',
      body: zReplaceRequest,
      responses: { 204: 'Replaced' },
      errors: errors(400, 401, 404, 409),
    },
  },
};
