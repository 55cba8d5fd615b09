import type { IssuerMetadataResult } from '@openid4vc/openid4vci';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';

/** The credential response fields the wallet reads (OID4VCI 1.0 §8.3, §9). */
export interface CredentialResponseBody {
  credentials?: unknown[];
  credential?: unknown;
  transaction_id?: string;
  interval?: number;
  notification_id?: string;
}

/**
 * Which credential requests a granted configuration takes: one by `credential_configuration_id`,
 * or, where the token response's `authorization_details` names several datasets of it (OID4VCI
 * 1.0 §6.2, e.g. a guardian credential per child), one per `credential_identifier`. An
 * identifier equal to the configuration id names nothing more, so it is requested as before.
 */
export function credentialRequestsFor(
  configurationId: string,
  authorizationDetails: unknown,
): Array<{ identifier?: string }> {
  const details = Array.isArray(authorizationDetails)
    ? (authorizationDetails as Array<Record<string, unknown>>)
    : [];
  const detail = details.find((d) => d?.credential_configuration_id === configurationId);
  const identifiers = Array.isArray(detail?.credential_identifiers)
    ? (detail.credential_identifiers as unknown[]).filter((i): i is string => typeof i === 'string')
    : [];
  if (identifiers.length === 0 || (identifiers.length === 1 && identifiers[0] === configurationId))
    return [{}];
  return identifiers.map((identifier) => ({ identifier }));
}

/**
 * A credential request by `credential_identifier` (OID4VCI 1.0 §8.2), which the
 * @openid4vc/openid4vci 0.4 client cannot send: it always names the configuration.
 */
export async function requestByIdentifier(
  ctx: WalletContext,
  options: {
    issuerMetadata: IssuerMetadataResult;
    accessToken: string;
    identifier: string;
    proofs: string[];
  },
): Promise<CredentialResponseBody> {
  const response = await ctx.fetch(options.issuerMetadata.credentialIssuer.credential_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.accessToken}` },
    body: JSON.stringify({ credential_identifier: options.identifier, proofs: { jwt: options.proofs } }),
  });
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok || typeof body !== 'object' || body === null) {
    const code =
      typeof body?.error === 'string'
        ? body.error.replace(/[^a-z0-9_.-]/gi, '').slice(0, 60)
        : `HTTP ${response.status}`;
    throw new OAuthError('access_denied', `credential request: the issuer answered ${code}`, {
      status: 502,
      extra: { issuer_error: code },
    });
  }
  return body as CredentialResponseBody;
}
