import { randomUUID } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { createAuthorizationRequest } from '@min-profil/shared/oidc-rp/create-authorization-request';
import { swedishScopes } from '@min-profil/shared/oidc-rp/swedish-identity';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { findConfiguration } from '../holders/catalog.js';
import { endpointsFor } from '../metadata/endpoints.js';
import type { EidClient } from './eid-client.js';
import { isAcceptableRedirectUri } from './validate-redirect-uri.js';
import { zAuthorizationDetails, zAuthorizationRequest } from './z-authorization-request.js';

/** An error to send back to the wallet's redirect_uri (RFC 6749 §4.1.2.1). */
export class RedirectableError extends OAuthError {
  constructor(
    readonly redirectUri: string,
    readonly state: string | undefined,
    error: OAuthError,
  ) {
    super(error.code, error.message);
  }
}

/**
 * Checks the wallet's authorization request and starts the person's eID sign-in. Until the
 * client and redirect URI are known good, errors are shown, never redirected.
 */
export async function startAuthorization(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  query: unknown;
  eid: EidClient;
}): Promise<string> {
  const { ctx, holder } = options;
  const params = parseWithSchema(zAuthorizationRequest, options.query, { what: 'authorization request' });
  if (!isAcceptableRedirectUri(params.redirect_uri)) {
    throw new OAuthError(
      'invalid_request',
      'redirect_uri must be an absolute https URL, a loopback http URL or an app scheme',
    );
  }
  const fail = (error: OAuthError) => new RedirectableError(params.redirect_uri, params.state, error);

  if (params.response_type !== 'code')
    throw fail(new OAuthError('unsupported_response_type', 'response_type must be "code"'));
  // RFC 7636 §4.4.1 + security BCP: PKCE with S256 only, no plain downgrade.
  if (!params.code_challenge)
    throw fail(new OAuthError('invalid_request', 'code_challenge is required (PKCE S256)'));
  if (params.code_challenge_method !== 'S256') {
    throw fail(new OAuthError('invalid_request', 'code_challenge_method must be S256'));
  }

  const configurationIds = new Set<string>();
  let authorizationDetails: string | null = null;
  if (params.authorization_details) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(params.authorization_details);
    } catch {
      throw fail(new OAuthError('invalid_request', 'authorization_details is not valid JSON'));
    }
    const details = zAuthorizationDetails.safeParse(parsed);
    if (!details.success) throw fail(new OAuthError('invalid_request', 'authorization_details is malformed'));
    for (const d of details.data) {
      if (!findConfiguration(holder.definition, d.credential_configuration_id)) {
        throw fail(
          new OAuthError(
            'invalid_request',
            `unknown credential_configuration_id "${d.credential_configuration_id}"`,
          ),
        );
      }
      configurationIds.add(d.credential_configuration_id);
    }
    authorizationDetails = JSON.stringify(details.data);
  }
  for (const scope of (params.scope ?? '').split(' ').filter(Boolean)) {
    const configuration = holder.definition.configurations.find((c) => c.scope === scope);
    if (configuration) configurationIds.add(configuration.id);
    else if (scope !== 'openid')
      throw fail(new OAuthError('invalid_scope', `unknown scope "${scope.slice(0, 100)}"`));
  }
  if (configurationIds.size === 0) {
    throw fail(new OAuthError('invalid_request', 'ask for a credential with scope or authorization_details'));
  }

  const metadata = await options.eid.metadata();
  const eidRequest = createAuthorizationRequest({
    metadata,
    clientId: options.eid.clientId,
    redirectUri: endpointsFor(holder.issuerUrl).eidCallback,
    scopes: [swedishScopes.naturalPersonNumber, swedishScopes.naturalPersonInfo],
    extra: { ui_locales: 'sv en' },
  });
  const now = ctx.now();
  await ctx.store.insertAuthorizationRequest({
    id: randomUUID(),
    holderId: holder.definition.id,
    clientId: params.client_id,
    redirectUri: params.redirect_uri,
    codeChallenge: params.code_challenge,
    configurationIds: [...configurationIds],
    scope: params.scope ?? null,
    authorizationDetails,
    state: params.state ?? null,
    eidState: eidRequest.state,
    eidNonce: eidRequest.nonce,
    eidCodeVerifier: eidRequest.codeVerifier,
    identityNumber: null,
    codeHash: null,
    createdAt: now,
    expiresAt: now + ctx.settings.authorizationRequestTtl,
    usedAt: null,
  });
  return eidRequest.url;
}
