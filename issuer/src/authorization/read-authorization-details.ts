import { OAuthError } from '@min-profil/shared/errors';
import type { HolderDefinition } from '../holders/holder-types.js';
import { zAuthorizationDetails, type AuthorizationDetail } from './z-authorization-request.js';

/**
 * RFC 9396 §2 / OID4VCI 1.0 §5.1.1: `openid_credential` details naming this holder's
 * configurations (`allowed`: only these, e.g. a pre-authorized offer's). Anything else is
 * `invalid_authorization_details` (RFC 9396 §5), described without echoing the request.
 */
export function readAuthorizationDetails(
  holder: HolderDefinition,
  parsed: unknown,
  allowed?: string[],
): AuthorizationDetail[] {
  const details = zAuthorizationDetails.safeParse(parsed);
  if (!details.success) {
    throw new OAuthError(
      'invalid_authorization_details',
      'authorization_details must be 1 to 10 objects of type openid_credential with a credential_configuration_id',
    );
  }
  for (const d of details.data) {
    if (!holder.configurations.some((c) => c.id === d.credential_configuration_id)) {
      throw new OAuthError(
        'invalid_authorization_details',
        'authorization_details names a credential_configuration_id this issuer does not offer',
      );
    }
    if (allowed && !allowed.includes(d.credential_configuration_id)) {
      throw new OAuthError(
        'invalid_authorization_details',
        'authorization_details names a credential configuration the offer does not cover',
      );
    }
  }
  return details.data;
}

/** The form parameter's JSON; not JSON is `invalid_authorization_details` too. */
export function parseAuthorizationDetailsParameter(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new OAuthError('invalid_authorization_details', 'authorization_details is not valid JSON');
  }
}

/** OID4VCI 1.0 §6.2: each granted detail with its credential identifiers (ours: the configuration id). */
export function withCredentialIdentifiers(details: AuthorizationDetail[]) {
  return details.map((d) => ({ ...d, credential_identifiers: [d.credential_configuration_id] }));
}
