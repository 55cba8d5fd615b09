/** A thin OpenID Connect relying party (authorization code + PKCE) for Swedish eID sign-in. */
export { discoverOidcProvider, type DiscoverOidcProviderOptions } from './discover-provider.js';
export {
  createAuthorizationRequest,
  type AuthorizationRequest,
  type CreateAuthorizationRequestOptions,
} from './create-authorization-request.js';
export {
  exchangeAuthorizationCode,
  type AuthorizationCodeResult,
  type ExchangeAuthorizationCodeOptions,
} from './exchange-authorization-code.js';
export type { TokenEndpointAuthMethod } from './request-tokens.js';
export {
  readSwedishIdentity,
  swedishClaims,
  swedishScopes,
  type SwedishIdentity,
} from './swedish-identity.js';
export { OidcRpError, isOidcRpError, type OidcRpFailure } from './oidc-rp-error.js';
export { zOidcProviderMetadata, type OidcProviderMetadata } from './z-provider-metadata.js';
