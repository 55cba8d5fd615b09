/** Sign-in and the session, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';

const zSession = z
  .object({
    signed_in: z.boolean(),
    identity_number: z.string().optional().meta({ description: '12 digits' }),
    csrf_token: z
      .string()
      .optional()
      .meta({ description: 'Send as X-CSRF-Token on POST/DELETE with the session cookie' }),
    expires_at: z.iso.datetime().optional(),
    key_idle_seconds: z.number().int().nonnegative().optional().meta({
      description:
        'How long the page keeps passkey-unlocked keys without a signature or an unlock (WALLET_KEY_IDLE_SECONDS)',
    }),
    login_url: z.string().optional().meta({ description: 'When not signed in' }),
  })
  .meta({ id: 'Session' });

export const authPaths: PathsSpec = {
  '/auth/login': {
    get: {
      summary: 'Sign in with eID (redirects to the eID provider)',
      security: [],
      query: z.object({
        return_to: z.string().optional().meta({ description: 'Same-origin path to return to' }),
      }),
      responses: { 303: 'To the eID provider' },
    },
  },
  '/auth/callback': {
    get: {
      summary: 'eID redirect URI: opens the session',
      security: [],
      responses: { 303: 'Back to return_to, session cookie set (HttpOnly, SameSite=Lax)' },
    },
  },
  '/auth/logout': {
    post: {
      summary: 'Sign out',
      responses: { 204: 'Signed out' },
      errors: { 401: 'invalid_token', 403: 'Missing or wrong X-CSRF-Token (`access_denied`)' },
    },
  },
  '/api/session': {
    get: {
      summary: 'Who is signed in, and the CSRF token',
      security: [],
      responses: { 200: { description: 'OK', json: zSession } },
    },
  },
};
