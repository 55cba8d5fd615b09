import { OAuthError } from '@min-profil/shared/errors';
import type { ConsumerRuntime } from '../context.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import { decryptResponse } from './decrypt-response.js';
import type { DataSealer } from '../crypto/data-sealer.js';
import { requestDecryptionKey } from './request-encryption-key.js';
import type { AuthorizationResponse, ResponseParameters } from './z-authorization-response.js';

/**
 * The response parameters as the request's `response_mode` carries them (OpenID4VP 1.0 §8.2,
 * §8.3): form fields for `direct_post`, one JWE in `response` for `direct_post.jwt`.
 */
export async function readResponseParameters(
  sealer: DataSealer,
  row: PresentationRequestRow,
  consumer: ConsumerRuntime,
  body: AuthorizationResponse,
): Promise<ResponseParameters> {
  if (row.responseMode === 'direct_post.jwt') {
    if (body.response !== undefined) {
      return decryptResponse({ key: await requestDecryptionKey(sealer, consumer, row), jwe: body.response });
    }
    // §8.3.1: the wallet may send an error response unencrypted (it may have failed before it
    // could encrypt). It carries no presentation, so it is taken as the wallet's refusal.
    if (isPlainErrorResponse(body)) return formParameters(body);
    throw new OAuthError(
      'invalid_request',
      'this request uses direct_post.jwt: send the parameters in `response`',
      {
        extra: { failed_checks: ['response_encryption'] },
      },
    );
  }
  if (body.response !== undefined) {
    throw new OAuthError('invalid_request', 'this request uses direct_post: `response` is not expected');
  }
  return formParameters(body);
}

/** An error response (§8.5) with nothing beside it that ought to have been encrypted. */
export function isPlainErrorResponse(body: AuthorizationResponse): boolean {
  return (
    body.error !== undefined &&
    body.vp_token === undefined &&
    body.standing_permission_id === undefined &&
    body.case_id === undefined &&
    body.case_inbox === undefined
  );
}

function formParameters(body: AuthorizationResponse): ResponseParameters {
  return {
    vpToken: body.vp_token,
    state: body.state,
    error: body.error,
    errorDescription: body.error_description,
    standingPermissionId: body.standing_permission_id,
    caseId: body.case_id,
    caseInbox: body.case_inbox,
  };
}
