import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { AccountRow, PresentationRequestRow } from '../persistence/entities.js';
import { acceptPresentationRequest } from '../presentation/accept-presentation-request.js';
import { verifyRequestObject } from '../presentation/resolve-request-object.js';
import { readDcApiRequest, refuseDcApi } from './read-dc-api-request.js';
import type { DcApiRequestBody } from './z-dc-api-request.js';

/**
 * A request through the Digital Credentials API (OpenID4VP 1.0 Appendix A, HAIP 1.0 §5.2), as a
 * platform would hand it to a wallet: the signed request object by value, verified by its client
 * identifier prefix as a request by link is (`decentralized_identifier`, `x509_hash`,
 * `x509_san_dns`); response mode `dc_api` or `dc_api.jwt`, no `response_uri`; and the calling
 * origin among the request's `expected_origins` (A.2), so a request lifted from one site cannot be
 * replayed from another. Then the same checks and storage as any request; nothing is stored when
 * any of it is refused.
 */
export async function resolveDcApiRequest(
  ctx: WalletContext,
  account: AccountRow,
  body: DcApiRequestBody,
): Promise<PresentationRequestRow> {
  const { jwt, origin, protocol } = readDcApiRequest(body, ctx);
  const { payload, client } = await verifyRequestObject(ctx, jwt, { dcApi: true });
  if (payload.response_type !== 'vp_token') {
    throw new OAuthError('invalid_request', 'only response_type=vp_token requests are answered');
  }
  const responseMode = payload.response_mode;
  if (responseMode !== 'dc_api' && responseMode !== 'dc_api.jwt') {
    throw refuseDcApi(
      'not_dc_api_response_mode',
      'a request through the Digital Credentials API must have response_mode dc_api or dc_api.jwt',
    );
  }
  // Appendix A.2: the answer goes back through the browser, never to a URL.
  if (payload.response_uri !== undefined || payload.redirect_uri !== undefined) {
    throw refuseDcApi(
      'not_dc_api_response_mode',
      `a ${responseMode} request must not carry response_uri or redirect_uri (OpenID4VP 1.0 Appendix A.2)`,
    );
  }
  const expected = payload.expected_origins;
  if (!Array.isArray(expected) || !expected.every((o) => typeof o === 'string') || expected.length === 0) {
    throw refuseDcApi(
      'origin_not_expected',
      'a signed request must name its expected_origins (Appendix A.2)',
    );
  }
  if (!expected.includes(origin)) {
    throw refuseDcApi(
      'origin_not_expected',
      `the origin ${origin} is not one of the request's expected_origins`,
    );
  }
  return acceptPresentationRequest(ctx, account, {
    payload,
    client,
    verified: true,
    responseMode,
    dcApi: { origin, protocol },
  });
}
