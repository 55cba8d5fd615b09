/** Passkeys and passkey-protected holder keys, for the OpenAPI document (docs/passkeys.md). */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zRegisterPasskey, zSetWrappedAccountKey, zStoreHolderKeys, zUnlock } from './z-passkeys.js';

const zPasskey = z
  .object({
    id: z.string().meta({ description: 'The WebAuthn credential id (base64url)' }),
    name: z.string(),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime().nullable(),
    ready: z.boolean().meta({ description: 'It wraps the account key (false until the first unlock)' }),
  })
  .meta({ id: 'Passkey' });

const zOptions = z
  .record(z.string(), z.unknown())
  .meta({ description: 'WebAuthn options in their JSON form, with `extensions.prf`' });

const browserOnly = 'A personal access token (`insufficient_scope`), or a missing X-CSRF-Token';

export const passkeyPaths: PathsSpec = {
  '/api/passkeys': {
    get: {
      summary: 'The passkeys and who can use the holder keys',
      responses: {
        200: {
          description: 'OK',
          json: z.object({ key_protection: z.enum(['passkey', 'service']), passkeys: z.array(zPasskey) }),
        },
      },
      errors: { 401: 'invalid_token' },
    },
    post: {
      summary: 'Register a passkey (the answer of navigator.credentials.create())',
      description:
        'Refused with `reason: prf_unsupported` when the passkey or browser has no PRF extension. The first passkey makes the account passkey-protected.',
      body: zRegisterPasskey,
      responses: { 201: { description: 'Registered', json: zPasskey } },
      errors: { 400: 'invalid_request', 401: 'invalid_token', 403: browserOnly, 409: 'Already registered' },
    },
  },
  '/api/passkeys/registration-options': {
    post: {
      summary: 'Start registering a passkey (single-use challenge, PRF salt)',
      responses: { 200: { description: 'Options for navigator.credentials.create()', json: zOptions } },
      errors: { 401: 'invalid_token', 403: browserOnly },
    },
  },
  '/api/passkeys/{id}/wrapped-account-key': {
    put: {
      summary: 'Store the account key wrapped under this passkey (once)',
      body: zSetWrappedAccountKey,
      responses: { 204: 'Stored' },
      errors: {
        400: 'invalid_request',
        401: 'invalid_token',
        403: browserOnly,
        409: 'Unknown or already set',
      },
    },
  },
  '/api/passkeys/{id}': {
    delete: {
      summary: 'Remove a passkey (not the last one while it protects keys)',
      responses: { 204: 'Removed' },
      errors: { 401: 'invalid_token', 403: browserOnly, 404: 'not_found', 409: 'The last passkey' },
    },
  },
  '/api/passkeys/unlock-options': {
    post: {
      summary: 'Start an unlock (single-use challenge, PRF salts per passkey)',
      responses: { 200: { description: 'Options for navigator.credentials.get()', json: zOptions } },
      errors: { 401: 'invalid_token', 403: browserOnly, 404: 'No passkey registered' },
    },
  },
  '/api/passkeys/unlock': {
    post: {
      summary: 'Unlock: verify the assertion, return the wrapped keys',
      body: zUnlock,
      responses: {
        200: {
          description: 'The wrapped account key of this passkey and the wrapped holder keys',
          json: z.object({
            passkey_id: z.string(),
            wrapped_account_key: z.string().nullable(),
            keys: z.array(
              z.object({
                id: z.string(),
                public_jwk: z.record(z.string(), z.string()),
                wrapped_key: z.string(),
                iv: z.string(),
              }),
            ),
          }),
        },
      },
      errors: {
        400: 'invalid_request (unknown, used or expired challenge)',
        401: 'invalid_token',
        403: 'access_denied: another account’s passkey or an invalid assertion',
      },
    },
  },
  '/api/holder-keys': {
    post: {
      summary: 'Store holder keys made in the page, wrapped under the account key',
      body: zStoreHolderKeys,
      responses: {
        201: {
          description: 'Stored',
          json: z.object({
            keys: z.array(z.object({ id: z.string(), public_jwk: z.record(z.string(), z.string()) })),
          }),
        },
      },
      errors: { 400: 'invalid_request', 401: 'invalid_token', 403: browserOnly },
    },
  },
};
