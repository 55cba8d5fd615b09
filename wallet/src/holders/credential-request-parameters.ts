import type { IssuerMetadataResult } from '@openid4vc/openid4vci';

/**
 * What the authorization request asks for (OID4VCI 1.0 §5.1): the configurations' `scope`
 * values, as HAIP 1.0 §4.3 has wallets ask, when every one has a scope in the issuer's
 * metadata; otherwise RFC 9396 details, with `locations` naming the credential issuer when its
 * metadata lists `authorization_servers` (§5.1.1).
 */
export function credentialRequestParameters(
  configurationIds: string[],
  issuerMetadata: IssuerMetadataResult,
): { scope?: string; authorization_details?: ReturnType<typeof authorizationDetails> } {
  const configurations = issuerMetadata.credentialIssuer.credential_configurations_supported;
  const scopes = configurationIds.map((id) => configurations[id]?.scope);
  if (scopes.every((scope): scope is string => typeof scope === 'string' && scope.length > 0)) {
    return { scope: [...new Set(scopes)].join(' ') };
  }
  return { authorization_details: authorizationDetails(configurationIds, issuerMetadata) };
}

function authorizationDetails(configurationIds: string[], issuerMetadata: IssuerMetadataResult) {
  const { credential_issuer: credentialIssuer, authorization_servers: servers } =
    issuerMetadata.credentialIssuer;
  return configurationIds.map((id) => ({
    type: 'openid_credential',
    credential_configuration_id: id,
    ...(servers && servers.length > 0 ? { locations: [credentialIssuer] } : {}),
  }));
}
