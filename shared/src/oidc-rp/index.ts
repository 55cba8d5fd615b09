/** The eID relying party (OpenID Connect code flow + PKCE, on openid-client) and the Swedish identity it reads. */
export {
  createEidClient,
  type CompleteEidSignInOptions,
  type CreateEidClientOptions,
  type EidClient,
  type EidClientSettings,
  type EidProviderMetadata,
  type EidSignInRequest,
  type EidSignInResult,
  type StartEidSignInOptions,
} from './eid-client.js';
export {
  readSwedishIdentity,
  swedishClaims,
  swedishScopes,
  type SwedishIdentity,
} from './swedish-identity.js';
export { OidcRpError, isOidcRpError, type OidcRpFailure } from './oidc-rp-error.js';
