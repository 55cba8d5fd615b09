/** Receiving from a credential offer (OpenID4VCI 1.0), for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zCredential, zIssuer } from '../credentials/credentials.openapi.js';
import { errors } from '../openapi/errors.js';
import { zSigningRequestAnswerBody } from '../signing-requests/signing-requests.openapi.js';
import { zAcceptOfferRequest, zCredentialOfferRequest } from './z-credential-offer-request.js';

const zOffer = z
  .object({
    id: z.string(),
    state: z.enum(['pending', 'deferred', 'stored']).meta({
      description:
        'pending: shown, waiting for accept/decline; deferred: the issuer has not delivered yet (GET polls); stored: kept',
    }),
    poll_in_page: z.literal(true).optional().meta({
      description:
        'A deferred credential whose token is bound to the page’s DPoP key: GET does not poll it; the page does, with POST /api/credential-offers/{id}/poll',
    }),
    credentials: z.array(zCredential),
  })
  .meta({ id: 'Offer' });

/** The first answer of a passkey-protected account: how many keys the page makes. */
export const zKeysNeeded = z
  .object({
    state: z.literal('keys_needed'),
    keys_needed: z.number().int().positive(),
    dpop_key: z.literal(true).optional().meta({
      description:
        'The issuer binds its token to a DPoP key (RFC 9449): the page makes one more key and sends its id as dpop_key_id; the page signs every DPoP proof of the issuance',
    }),
  })
  .meta({ id: 'KeysNeeded' });

export const credentialOfferPaths: PathsSpec = {
  '/api/credential-offers': {
    post: {
      summary: 'Receive from a credential offer: fetch, verify and show (not yet kept)',
      description:
        'Resolves the offer (by value or credential_offer_uri; the bare https URI of the offer is accepted too), the issuer metadata, redeems the pre-authorized code with tx_code, and requests each credential with fresh holder keys (batch copies when offered). Each credential is verified on receipt; on any failure nothing is kept. A credential issued to another person (its personal_identity_number or coordination_number is not the account owner’s) is refused with 403 access_denied. The result is a pending preview: accept or decline it. Deferred credentials come back with state `deferred`.',
      body: zCredentialOfferRequest,
      responses: {
        201: { description: 'Created', json: zOffer },
        202: {
          description:
            'The offer needs sign-in at the issuer (authorization_code grant): open authorization_url — the wallet’s one-time start URL (/oid4vci/start/{token}) — in the browser that is to finish the sign-in; the credentials arrive via /oid4vci/callback in that browser only (stored at once, or kept pending when a credential names no holder; redirect to return_to?received={offer id}; for a passkey-protected account, which first answers keys_needed, to return_to?signing_request={id} for the page to sign the proofs)',
          json: z.union([
            z.object({
              state: z.literal('authorization_required'),
              authorization_url: z.string(),
              issuer: zIssuer.meta({
                description:
                  'Where the person signs in (the offer’s credential_issuer), named as the trust list names it',
              }),
            }),
            zKeysNeeded.meta({
              description:
                'A passkey-protected account without holder_key_ids: the page makes this many holder keys (POST /api/holder-keys) and posts the offer again with their ids; nothing was redeemed yet',
            }),
            zSigningRequestAnswerBody.meta({
              description:
                'A passkey-protected account with holder_key_ids: the page signs each proof JWT (kind issuance) and completes with POST /api/signing-requests/{id}, which answers with the preview (201). With a DPoP key (dpop_key_id) the first signing request is the token request’s DPoP proof; its completion answers 202 with the next (the proofs and the credential requests’ DPoP proofs; again after a use_dpop_nonce)',
            }),
          ]),
        },
      },
      errors: errors(400, 401, 403, 502),
    },
  },
  '/api/credential-offers/{id}': {
    get: {
      summary: 'The offer; asks the issuer again for deferred credentials that are due',
      responses: { 200: { description: 'OK', json: zOffer } },
      errors: errors(401, 404, 502),
    },
  },
  '/api/credential-offers/{id}/poll': {
    post: {
      summary: 'The page asks for deferred credentials whose token is bound to its DPoP key',
      description:
        'For an offer with poll_in_page: 202 with a signing request (one DPoP proof per due deferred credential, by the page’s DPoP key); completing it (POST /api/signing-requests/{id}) polls the issuer and answers with the offer (201), or 202 again when the issuer asks for a DPoP nonce. 200 with the offer when nothing is due.',
      responses: {
        200: { description: 'Nothing due', json: zOffer },
        202: { description: 'The page signs the polls’ DPoP proofs', json: zSigningRequestAnswerBody },
      },
      errors: errors(401, 404),
    },
  },
  '/api/credential-offers/{id}/accept': {
    post: {
      summary: 'Keep the shown credentials (logged as issuance)',
      description:
        'A credential that names no holder (names_holder false) is kept only with `confirm_holder: true`: the person confirms it is theirs. Without it the answer is 400 invalid_request with `holder_confirmation_required: true` and nothing changes.',
      body: zAcceptOfferRequest,
      bodyRequired: false,
      responses: { 200: { description: 'OK', json: zOffer } },
      errors: errors(400, 401, 403, 404, 409),
    },
  },
  '/api/credential-offers/{id}/decline': {
    post: {
      summary: 'Drop the offer (logged as refusal)',
      responses: { 204: 'Dropped' },
      errors: errors(401, 403, 404, 409),
    },
  },
};
