/** Signing requests: signatures only the person's browser can make (docs/passkeys.md). */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zSigningRequestAnswer } from './z-signing-requests.js';

/** The `202` answer of an operation that needs the page to sign with a passkey-protected key. */
export const zSigningRequestAnswerBody = z
  .object({
    signing_request: z.object({
      id: z.string(),
      kind: z.enum(['presentation', 'issuance']),
      expires_at: z.iso.datetime(),
      inputs: z.array(
        z.object({
          key_id: z.string().meta({
            description:
              'The wrapped key to sign with (POST /api/holder-keys): a holder key, or the issuance’s DPoP key',
          }),
          alg: z.literal('ES256'),
          signing_input: z
            .string()
            .meta({ description: 'The JWS signing input: base64url(header) "." base64url(payload)' }),
        }),
      ),
    }),
  })
  .meta({ id: 'SigningRequest' });

export const signingRequestPaths: PathsSpec = {
  '/api/signing-requests/{id}': {
    get: {
      summary: 'What the page must sign for a signing request (its own, not expired)',
      description:
        'After a fetch at a holder the page arrives with only the id (return_to?signing_request={id}): it reads the inputs here. Reading does not spend it; another account’s, a used or an expired one is 410.',
      responses: { 200: { description: 'OK', json: zSigningRequestAnswerBody } },
      errors: errors(401, 410),
    },
    post: {
      summary: 'The page’s signatures for a signing request; the operation then completes',
      description:
        'Single use and short-lived. Each signature is checked against the stored public key of the wrapped key it names; a wrong one spends the request (start the operation again). For a presentation the answer is that of POST /api/presentation-requests/{id}/response; for issuance, the offer preview POST /api/credential-offers gives with 201 (after a fetch at a holder: already stored when the credential names the person).',
      body: zSigningRequestAnswer,
      responses: {
        200: { description: 'Completed (presentation)', json: z.record(z.string(), z.unknown()) },
        201: {
          description: 'Completed (issuance): the offer preview',
          json: z.record(z.string(), z.unknown()),
        },
        202: {
          description:
            'The next step of the same issuance, for the page to sign: after the token request’s DPoP proof, the credential requests’ proofs and DPoP proofs; again after a use_dpop_nonce (docs/passkeys.md, "DPoP in the page")',
          json: zSigningRequestAnswerBody,
        },
      },
      errors: errors(400, 401, 404, 409, 410, 502),
    },
  },
};
