import type { HolderRuntime } from '../context.js';
import { usageLogScope } from '../usage/usage-log-scope.js';
import { endpointsFor } from './endpoints.js';
import { dpopAlgorithms } from '../dpop/verify-dpop-proof.js';

export const preAuthorizedGrantType = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** RFC 8414 metadata; each holder is its own authorization server. */
export function createAuthorizationServerMetadata(holder: HolderRuntime) {
  const endpoints = endpointsFor(holder.issuerUrl);
  return {
    issuer: holder.issuerUrl,
    authorization_endpoint: endpoints.authorize,
    // RFC 9126 §5: every authorization request is pushed first, by a registered client.
    pushed_authorization_request_endpoint: endpoints.pushedAuthorizationRequest,
    require_pushed_authorization_requests: true,
    token_endpoint: endpoints.token,
    jwks_uri: endpoints.jwks,
    // RFC 7009: the wallet gives up a usage_log sign-in's tokens (public clients: client_id only).
    revocation_endpoint: endpoints.revocation,
    revocation_endpoint_auth_methods_supported: ['none'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', preAuthorizedGrantType, 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    // OAuth 2.0 Attestation-Based Client Authentication (HAIP): wallet attestations at PAR and token.
    token_endpoint_auth_methods_supported: ['none', 'attest_jwt_client_auth'],
    client_attestation_signing_alg_values_supported: ['ES256'],
    client_attestation_pop_signing_alg_values_supported: ['ES256'],
    // Each credential's scope, and the person's own usage log ("who has used my data").
    scopes_supported: [
      ...holder.definition.configurations.map((c) => c.scope),
      usageLogScope,
      ...(holder.definition.grantScopes ?? []),
    ],
    authorization_details_types_supported: ['openid_credential'],
    authorization_response_iss_parameter_supported: true,
    // RFC 9449 §5.1: DPoP-bound access tokens (required when ISSUER_REQUIRE_DPOP is on).
    dpop_signing_alg_values_supported: dpopAlgorithms,
    // OID4VCI 1.0 §12.3: a wallet may redeem a pre-authorized code without a client_id.
    'pre-authorized_grant_anonymous_access_supported': true,
  };
}
