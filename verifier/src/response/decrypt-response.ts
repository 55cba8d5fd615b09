import { compactDecrypt } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import { zDecryptedResponse, type ResponseParameters } from './z-authorization-response.js';

/**
 * `direct_post.jwt` (OpenID4VP 1.0 §8.3): the response parameters arrive as one JWE,
 * encrypted (ECDH-ES) to the key the request's `client_metadata.jwks` announced: `key` is that
 * request's own private key (request-encryption-key.ts).
 */
export async function decryptResponse(options: {
  key: Parameters<typeof compactDecrypt>[1];
  jwe: string;
}): Promise<ResponseParameters> {
  let plaintext: Uint8Array;
  try {
    const result = await compactDecrypt(options.jwe, options.key, {
      keyManagementAlgorithms: ['ECDH-ES'],
      contentEncryptionAlgorithms: ['A128GCM', 'A256GCM'],
    });
    plaintext = result.plaintext;
  } catch (cause) {
    throw new OAuthError(
      'invalid_request',
      'the response JWE could not be decrypted with the key of this request',
      {
        cause,
        extra: { failed_checks: ['response_encryption'] },
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    throw new OAuthError('invalid_request', 'the decrypted response is not JSON', {
      extra: { failed_checks: ['response_encryption'] },
    });
  }
  const parsed = zDecryptedResponse.safeParse(json);
  if (!parsed.success) {
    throw new OAuthError('invalid_request', 'the decrypted response has malformed parameters', {
      extra: { failed_checks: ['response_encryption'] },
    });
  }
  return {
    vpToken: parsed.data.vp_token,
    state: parsed.data.state,
    error: parsed.data.error,
    errorDescription: parsed.data.error_description,
    standingPermissionId: parsed.data.standing_permission_id,
    caseId: parsed.data.case_id,
    caseInbox: parsed.data.case_inbox,
  };
}
