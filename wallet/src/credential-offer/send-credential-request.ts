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
import { dpopOptions } from '../crypto/dpop-key.js';
import type { IssuerSession } from './receive-credentials.js';

/**
 * Which credential requests a granted configuration takes (OID4VCI 1.0 §8.2): after a token
 * response whose `authorization_details` granted credential identifiers for it, one request per
 * identifier (several datasets of one configuration, e.g. a guardian credential per child);
 * otherwise one request by `credential_configuration_id`.
 */
export function credentialRequestsFor(
  configurationId: string,
  authorizationDetails: unknown,
): Array<{ identifier?: string }> {
  const details = Array.isArray(authorizationDetails)
    ? (authorizationDetails as Array<Record<string, unknown>>)
    : [];
  const detail = details.find(
    (d) => d?.type === 'openid_credential' && d.credential_configuration_id === configurationId,
  );
  const identifiers = Array.isArray(detail?.credential_identifiers)
    ? (detail.credential_identifiers as unknown[]).filter((i): i is string => typeof i === 'string')
    : [];
  if (identifiers.length === 0) return [{}];
  return identifiers.map((identifier) => ({ identifier }));
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
    /** A DPoP-bound token's key and last nonce; the nonce is updated from each answer. */
    dpop: IssuerSession['dpop'];
    pageDpop?: IssuerSession['pageDpop'];
    accessToken: string;
    configurationId: string;
    credentialIdentifier: string | undefined;
    proofs: string[];
  },
): Promise<CredentialResponse> {
  const { issuerMetadata, accessToken, dpop } = options;
  // The library answers use_dpop_nonce once by itself; the nonce it ends with is kept for the next request.
  const dpopRequest = dpop ? dpopOptions(dpop.key, dpop.nonce) : undefined;
  const keepNonce = (answer: { dpop?: { nonce: string } }) => {
    if (dpop && answer.dpop?.nonce) dpop.nonce = answer.dpop.nonce;
  };
  if (options.credentialIdentifier === undefined) {
    const response = await options.client.retrieveCredentials({
      issuerMetadata,
      accessToken,
      credentialConfigurationId: options.configurationId,
      proofs: { jwt: options.proofs },
      dpop: dpopRequest,
    });
    keepNonce(response);
    return response.credentialResponse;
  }
  const result = await resourceRequest({
    callbacks: createClientCallbacks({
      fetch: ctx.fetch,
      clientId: ctx.settings.oauthClientId,
      signingKeys: dpop && 'privateKey' in dpop.key ? [dpop.key] : [],
      pageDpop: options.pageDpop,
    }),
    accessToken,
    dpop: dpopRequest,
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
  keepNonce(result);
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
