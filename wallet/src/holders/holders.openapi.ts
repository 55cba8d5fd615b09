/** The holder catalogue and wallet-initiated fetching (authorization code + PKCE), for the OpenAPI document. */
import { z } from 'zod';
import { zKeysNeeded } from '../credential-offer/credential-offer.openapi.js';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zLocalized } from '../openapi/z-localized.js';
import { zFetchRequest } from './holders.routes.js';

const zHolder = z
  .object({
    id: z.string(),
    name: zLocalized,
    credential_issuer: z.string(),
    credential_types: z.array(
      z.object({
        format: z.string(),
        type: z.string().meta({ description: 'vct' }),
        credential_configuration_id: z.string(),
        name: zLocalized.optional(),
      }),
    ),
  })
  .meta({ id: 'Holder' });

export const holderPaths: PathsSpec = {
  '/api/holders': {
    get: {
      summary: 'Data holders and what each issues (from the trust list)',
      responses: { 200: { description: 'OK', json: z.object({ holders: z.array(zHolder) }) } },
      errors: errors(401, 503),
    },
  },
  '/api/holders/{issuerId}/fetch': {
    post: {
      summary: 'Start fetching a credential from a holder (authorization code + PKCE)',
      description:
        '`authorization_url` is the wallet’s one-time start URL (/oid4vci/start/{token}, valid once and for 10 minutes), not the holder’s: open it in the browser that is to finish the fetch. It sets a cookie bound to this fetch and redirects to the holder, where the person signs in. The holder redirects to /oid4vci/callback, which finishes the fetch only in the browser with that cookie (elsewhere: a page saying nothing was stored), refuses a credential issued to someone other than the account owner, stores the credential and redirects to `return_to?received={offer id}`, or on failure to `return_to` itself with the error in a short-lived cookie `min_profil_fetch_outcome` (JSON `{ error, error_description }`, 120 s; never in the address). A credential that names no holder is not stored at once: it stays a pending offer the person accepts with confirm_holder. Several fetches may run in parallel. A passkey-protected account makes the keys in the page first: without holder_key_ids the answer is 202 keys_needed; with them, the callback redirects to `return_to?signing_request={id}` instead, and the page reads it (GET /api/signing-requests/{id}), signs the proofs and completes it (POST), which fetches and keeps the credential bound to those keys.',
      body: zFetchRequest,
      responses: {
        201: { description: 'Created', json: z.object({ authorization_url: z.string(), state: z.string() }) },
        202: {
          description:
            'A passkey-protected account without holder_key_ids: the page makes this many holder keys (POST /api/holder-keys) and posts again with their ids',
          json: zKeysNeeded,
        },
      },
      errors: errors(400, 401, 403, 404, 502, 503),
    },
  },
  '/oid4vci/start/{token}': {
    get: {
      summary: 'One-time start of a holder fetch: binds it to this browser, then on to the holder',
      security: [],
      responses: {
        303: 'To the holder’s authorization URL; sets an HttpOnly, SameSite=Lax cookie (Secure on https) for /oid4vci/callback',
        400: 'HTML page (Swedish first): the link is unknown, already used or expired',
      },
    },
  },
  '/oid4vci/callback': {
    get: {
      summary: 'OID4VCI redirect URI of the wallet-initiated flow',
      security: [],
      responses: {
        303: 'To return_to with `received` (the offer id), `signing_request` (a passkey-protected account: the issuance signing request the page completes) or, on failure, return_to itself with the outcome cookie',
        403: 'HTML page (Swedish first): the fetch was started in another browser (no matching start cookie); nothing was stored',
      },
    },
  },
};
