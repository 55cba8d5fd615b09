/** The contact profile: the wallet API's profile parts, for the OpenAPI document. */
import { z } from 'zod';
import { zLocalized } from '../openapi/z-localized.js';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zContactPreferences, zProfileAddress, zProfileUpdate, zVerifyCode } from './z-profile.js';

const verification = {
  verified: z.boolean().meta({ description: 'Only after a code sent to it was entered' }),
  verified_at: z.iso.datetime().nullable(),
};

const zProfileView = z.object({
  profile_version: z.number().int().meta({ description: '+1 on every change; 0 before the first' }),
  updated_at: z.iso.datetime().nullable(),
  profile: z.object({
    address: zProfileAddress.nullable(),
    emails: z.array(z.object({ id: z.string(), address: z.email(), ...verification })),
    phones: z.array(
      z.object({ id: z.string(), number: z.string().meta({ description: 'E.164' }), ...verification }),
    ),
    preferred_language: z.string().nullable().meta({ description: 'BCP 47, e.g. sv' }),
    contact_preferences: zContactPreferences.nullable(),
  }),
  address_suggestion: zProfileAddress
    .omit({ source: true })
    .extend({
      source: z.literal('skatteverket'),
      credential_id: z.string(),
      adopted: z.boolean().meta({ description: 'The profile holds this address now' }),
    })
    .nullable()
    .meta({
      description:
        'The address in the newest valid Skatteverket registered-address credential the person holds; PUT it (with source skatteverket) to adopt it',
    }),
  address_source_name: zLocalized.nullable().meta({
    description:
      'The name of the holder of the registered address (source skatteverket) as the trust list gives it, from the holder’s own definition; null when the list does not name it',
  }),
  can_send_codes: z.boolean().meta({ description: 'False when this wallet has no message gateway' }),
  demo_outbox_url: z
    .string()
    .nullable()
    .meta({ description: 'Demo wallets only: the page where the codes "sent" can be read' }),
});

const codeErrors = {
  400: '`invalid_grant` with `reason`: no_code, expired, wrong_code (with `attempts_left`), locked (5 wrong tries), value_changed; `invalid_request` for a code that is not 6 digits',
  ...errors(401, 403),
  404: 'No such entry',
};

function codePaths(segment: 'emails' | 'phones', what: string): PathsSpec {
  return {
    [`/api/profile/${segment}/{id}/code`]: {
      post: {
        summary: `Send a 6-digit code to the ${what} (valid 10 minutes; earlier codes stop working)`,
        responses: {
          202: {
            description: 'Sent',
            json: z.object({ expires_at: z.iso.datetime(), resend_after: z.iso.datetime() }),
          },
        },
        errors: {
          ...errors(401, 403),
          404: 'No such entry',
          409: 'Already verified',
          429: 'A code was sent less than a minute ago, or 10 in the last hour (Retry-After)',
          503: 'No message gateway on this wallet',
        },
      },
    },
    [`/api/profile/${segment}/{id}/verify`]: {
      post: {
        summary: `Enter the code: marks the ${what} verified (a new profile version with the wallet provider's channel-verification+jwt)`,
        body: zVerifyCode,
        responses: { 200: { description: 'OK', json: zProfileView } },
        errors: codeErrors,
      },
    },
  };
}

export const profilePaths: PathsSpec = {
  '/api/profile': {
    get: {
      summary: 'The contact profile, its version and the Skatteverket address on offer',
      responses: { 200: { description: 'OK', json: zProfileView } },
      errors: errors(401),
    },
    put: {
      summary:
        'Replace the editable fields. A change is a new version, delivered to every standing permission, and a log entry (names only). A changed e-mail or number loses its verification.',
      body: zProfileUpdate,
      responses: {
        200: {
          description: 'OK',
          json: zProfileView.extend({
            changed: z
              .array(z.string())
              .meta({ description: 'The claim names that changed (empty: no new version)' }),
          }),
        },
      },
      errors: {
        400: 'invalid_request (which field, never its value)',
        ...errors(401, 403),
        409: 'The profile changed since `profile_version`',
      },
    },
  },
  ...codePaths('emails', 'e-mail address'),
  ...codePaths('phones', 'phone number'),
};
