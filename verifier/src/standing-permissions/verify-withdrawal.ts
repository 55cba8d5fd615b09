import { importJWK, jwtVerify, type JWK } from 'jose';
import { standingPermissionWithdrawalTyp } from '@min-profil/shared/contact-profile/contact-profile';
import { OAuthError } from '@min-profil/shared/errors';

/**
 * docs/standing-permissions.md "Withdrawing": a JWS by the holder key recorded for the
 * permission, `typ: standing-permission-withdrawal+jwt`, `aud` = the consumer's client_id,
 * naming this permission, with a fresh `iat` and the `c_nonce` (returned for redemption).
 */
export async function verifyWithdrawal(options: {
  jws: string;
  holderJwk: JWK;
  clientId: string;
  permissionId: string;
  now: number;
  clockSkew: number;
  maxAge: number;
}): Promise<{ nonce: string }> {
  let payload: Record<string, unknown>;
  try {
    const alg =
      options.holderJwk.crv === 'P-384' ? 'ES384' : options.holderJwk.kty === 'OKP' ? 'EdDSA' : 'ES256';
    const key = await importJWK(options.holderJwk, alg);
    ({ payload } = await jwtVerify(options.jws, key, {
      typ: standingPermissionWithdrawalTyp,
      audience: options.clientId,
      algorithms: ['ES256', 'ES384', 'Ed25519', 'EdDSA'],
      currentDate: new Date(options.now * 1000),
      clockTolerance: options.clockSkew,
      maxTokenAge: options.maxAge,
      requiredClaims: ['iat', 'nonce'],
    }));
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? 'invalid';
    throw new OAuthError('invalid_request', `the withdrawal JWS was refused (${code})`, { cause });
  }
  if (payload.standing_permission_id !== options.permissionId) {
    throw new OAuthError('invalid_request', 'the withdrawal names another standing permission');
  }
  if (typeof payload.nonce !== 'string')
    throw new OAuthError('invalid_request', 'the withdrawal has no nonce');
  return { nonce: payload.nonce };
}
