/** Mina ombud through the wallet (give, see and revoke powers of attorney), for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zMandateRequest } from '@min-profil/shared/ombud/z-mandate-request';
import { zMandateGrant, zMandateList, zOmbudSignInRequest } from './z-ombud.js';

const signInNeeded =
  'No current sign-in at Mina ombud (none, or its token lapsed): `access_denied` with `sign_in: true`';

export const ombudPaths: PathsSpec = {
  '/api/ombud': {
    get: {
      summary: 'The person’s powers of attorney at Mina ombud: those given and those received',
      description:
        'Without a current `mandates` sign-in at Mina ombud: `{"signed_in": false}`. With one, Mina ombud’s list as it answers it, and until when the sign-in lasts.',
      responses: {
        200: {
          description: 'OK',
          json: z.union([
            z.object({ signed_in: z.literal(false) }),
            zMandateList.extend({ signed_in: z.literal(true), signed_in_until: z.iso.datetime() }),
          ]),
        },
      },
      errors: errors(401, 502, 503),
    },
  },
  '/api/ombud/sign-in': {
    post: {
      summary: 'Start a sign-in at Mina ombud (scope `mandates`)',
      description:
        'Like /api/usage/holders/{issuerId}/connect: `authorization_url` is the wallet’s one-time start URL; the callback returns to `return_to?connected=1`. No refresh token comes with it: when the access token lapses the person signs in again.',
      body: zOmbudSignInRequest,
      responses: { 201: { description: 'Created', json: z.object({ authorization_url: z.string() }) } },
      errors: errors(400, 401, 403, 404, 502, 503),
    },
    delete: {
      summary: 'Forget the sign-in at Mina ombud',
      responses: { 204: 'Forgotten' },
      errors: errors(401, 403, 503),
    },
  },
  '/api/ombud/mandates': {
    post: {
      summary: 'Give a power of attorney (the signed-in person is the principal)',
      body: zMandateRequest,
      responses: { 201: { description: 'Given', json: zMandateGrant } },
      errors: { ...errors(400, 401, 403, 502, 503), 409: signInNeeded },
    },
  },
  '/api/ombud/mandates/{id}/revoke': {
    post: {
      summary:
        'Revoke a power of attorney the person gave, at once (its credentials are revoked in the status list)',
      params: z.object({ id: z.string() }),
      responses: { 200: { description: 'Revoked', json: zMandateGrant } },
      errors: { ...errors(400, 401, 403, 404, 502, 503), 409: signInNeeded },
    },
  },
};
