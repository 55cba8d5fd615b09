import { OAuthError } from '@min-profil/shared/errors';
import { browserSafeUrl } from '@min-profil/shared/net/browser-url';
import type { DcApiRefusal, DcApiRequestBody } from './z-dc-api-request.js';

/** OpenID4VP 1.0 Appendix A.2: the protocol identifier of a signed request, the one HAIP needs. */
export const DC_API_SIGNED_PROTOCOL = 'openid4vp-v1-signed';

export function refuseDcApi(reason: DcApiRefusal, message: string): OAuthError {
  return new OAuthError('invalid_request', message, { extra: { reason } });
}

/**
 * What a Digital Credentials API request must be before anything is verified: signed
 * (`openid4vp-v1-signed`, one request object by value in `data.request`, Appendix A.3.1), from an
 * origin a browser could assert (https, or http on loopback where insecure URLs are allowed).
 * Unsigned requests are refused: HAIP 1.0 §5.2 has the verifier sign, and without a signature
 * the wallet could not say who asks.
 */
export function readDcApiRequest(
  body: DcApiRequestBody,
  options: { allowInsecureUrls: boolean },
): { jwt: string; origin: string; protocol: typeof DC_API_SIGNED_PROTOCOL } {
  if (body.protocol === 'openid4vp-v1-unsigned') {
    throw refuseDcApi(
      'unsigned_request',
      'an unsigned Digital Credentials API request is not answered: HAIP 1.0 needs openid4vp-v1-signed',
    );
  }
  if (body.protocol !== DC_API_SIGNED_PROTOCOL) {
    throw refuseDcApi(
      'unsupported_protocol',
      `the protocol "${body.protocol.slice(0, 60)}" is not answered; this wallet answers ${DC_API_SIGNED_PROTOCOL}`,
    );
  }
  const jwt = body.data.request;
  if (typeof jwt !== 'string' || jwt.split('.').length !== 3) {
    throw refuseDcApi('unsigned_request', 'data.request must be the signed request object (a compact JWS)');
  }
  const safe = browserSafeUrl(body.origin, options);
  if (safe === undefined || new URL(safe).origin !== body.origin) {
    throw refuseDcApi('invalid_origin', 'origin must be a web origin (https://host[:port])');
  }
  return { jwt, origin: body.origin, protocol: DC_API_SIGNED_PROTOCOL };
}
