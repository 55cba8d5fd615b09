/** `request_uri` (OpenID4VP 1.0 §5.10) and the QR code, for the OpenAPI document. */
import type { OperationSpec, PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zRequestUriPost } from './z-request-uri-post.js';

const requestObject = (summary: string): OperationSpec => ({
  summary,
  security: [],
  responses: {
    200: {
      description: 'The signed request object (JWS)',
      media: { 'application/oauth-authz-req+jwt': null },
    },
  },
  errors: { 404: 'not_found', 410: 'answered or expired' },
});

export const requestObjectPaths: PathsSpec = {
  '/openid4vp/requests/{id}': {
    get: requestObject('request_uri: the signed request object (application/oauth-authz-req+jwt)'),
    post: {
      ...requestObject(
        'request_uri with request_uri_method=post (§5.10.1): a posted wallet_nonce is echoed in the request object; wallet_metadata is ignored',
      ),
      body: zRequestUriPost,
      bodyMediaType: 'application/x-www-form-urlencoded',
      bodyRequired: false,
    },
  },
  '/openid4vp/requests/{id}/qr.svg': {
    get: {
      summary: 'The QR code of the openid4vp:// link, while the request is open',
      security: [],
      responses: { 200: { description: 'The QR code', media: { 'image/svg+xml': null } } },
      errors: { 404: 'not_found', 410: 'answered or expired' },
    },
  },
};
