import { resourceRequest } from '@openid4vc/oauth2';
import {
  Openid4vciRetrieveCredentialsError,
  type CredentialResponse,
  type IssuerMetadataResult,
  type Openid4vciClient,
  type RetrieveCredentialsResponseNotOk,
} from '@openid4vc/openid4vci';
import type { WalletContext } from '../context.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';

/**
 * The credential identifiers a token response granted, per credential configuration
 * (OID4VCI 1.0 §6.2: `authorization_details` of type `openid_credential`).
 */
export function credentialIdentifiersOf(authorizationDetails: unknown): Map<string, string> {
  const identifiers = new Map<string, string>();
  if (!Array.isArray(authorizationDetails)) return identifiers;
  for (const detail of authorizationDetails as Array<Record<string, unknown>>) {
    const ids = detail?.credential_identifiers;
    if (
      detail?.type === 'openid_credential' &&
      typeof detail.credential_configuration_id === 'string' &&
      Array.isArray(ids) &&
      typeof ids[0] === 'string'
    ) {
      identifiers.set(detail.credential_configuration_id, ids[0]);
    }
  }
  return identifiers;
}

/**
 * One credential request (OID4VCI 1.0 §8.2). After a token response with credential
 * identifiers the request names one with `credential_identifier` and must not carry
 * `credential_configuration_id`; the 0.4.6 client always sends the latter, so that request
 * goes through the library's `resourceRequest` (same access token and DPoP handling) and a
 * refusal becomes the library's own error, read like any other.
 */
export async function sendCredentialRequest(
  ctx: WalletContext,
  options: {
    client: Openid4vciClient;
    issuerMetadata: IssuerMetadataResult;
    accessToken: string;
    configurationId: string;
    credentialIdentifier: string | undefined;
    proofs: string[];
  },
): Promise<CredentialResponse> {
  const { issuerMetadata, accessToken } = options;
  if (options.credentialIdentifier === undefined) {
    const response = await options.client.retrieveCredentials({
      issuerMetadata,
      accessToken,
      credentialConfigurationId: options.configurationId,
      proofs: { jwt: options.proofs },
    });
    return response.credentialResponse;
  }
  const result = await resourceRequest({
    callbacks: createClientCallbacks({ fetch: ctx.fetch, clientId: ctx.settings.oauthClientId }),
    accessToken,
    url: issuerMetadata.credentialIssuer.credential_endpoint,
    requestOptions: {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        credential_identifier: options.credentialIdentifier,
        proofs: { jwt: options.proofs },
      }),
    },
  });
  const text = await result.response.clone().text();
  const body = parseObject(text);
  const answered = body && (Array.isArray(body.credentials) || typeof body.transaction_id === 'string');
  if (!result.ok || !answered) {
    const error = typeof body?.error === 'string' ? body : undefined;
    const notOk = {
      ...result,
      ok: false,
      ...(error ? { credentialErrorResponseResult: { success: true, data: error } } : {}),
    } as unknown as RetrieveCredentialsResponseNotOk;
    throw new Openid4vciRetrieveCredentialsError('the credential request was refused', notOk, text);
  }
  return body as CredentialResponse;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
