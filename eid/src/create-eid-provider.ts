import Provider, {
  type Adapter,
  type AdapterFactory,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { Logger } from '@min-profil/shared/logger';
import { swedishScopes } from '@min-profil/shared/oidc-rp/swedish-identity';
import { claimsByScope, type EidAccounts } from './accounts.js';
import type { EidClient } from './eid-clients.js';
import type { ProviderJwks } from './keys.js';
import { renderProviderError } from './interaction/render-pages.js';

export interface CreateEidProviderOptions {
  issuer: string;
  clients: EidClient[];
  adapter: AdapterFactory | (new (name: string) => Adapter);
  jwks: ProviderJwks;
  cookieKeys: string[];
  accounts: EidAccounts;
  logger: Logger;
}

/** Seconds each artifact lives: an eID login is short; nothing outlives the sign-in. */
const ttl = {
  AuthorizationCode: 60,
  AccessToken: 600,
  IdToken: 600,
  Grant: 600,
  Interaction: 900,
  Session: 900,
};

/**
 * oidc-provider configured as a Swedish eID would be: authorization code flow only, PKCE
 * S256 always, the oidc.se scopes and claims, the claims in the ID token, and no consent
 * screen for the registered relying parties.
 *
 * The eID keeps no single sign-on: the session ends with the authorization response, so
 * every login asks who you are (as BankID / Freja do), and a second person can sign in in
 * the same browser without the provider's sign-out confirmation.
 */
const cookieOptions = { signed: true, httpOnly: true, sameSite: 'lax' } as const;

export function createEidProvider(options: CreateEidProviderOptions): Provider {
  const configuration: Configuration = {
    adapter: options.adapter,
    clients: options.clients.map(toClientMetadata),
    jwks: options.jwks as Configuration['jwks'],
    cookies: {
      keys: options.cookieKeys,
      long: cookieOptions,
      short: cookieOptions,
    },
    scopes: ['openid', swedishScopes.naturalPersonNumber, swedishScopes.naturalPersonInfo],
    claims: claimsByScope,
    // Swedish RPs read the identity from the ID token (oidc.se profile), not from userinfo.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    findAccount: options.accounts.findAccount,
    // OpenID Connect Core 1.0 §8.1: every client gets its own `sub` for a person.
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: options.accounts.pairwiseSubject,
    loadExistingGrant: grantRequestedScopes,
    expiresWithSession: () => false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: true },
    },
    ttl,
    renderError: renderProviderError,
    discovery: { ui_locales_supported: ['sv', 'en'] },
  };
  const provider = new Provider(options.issuer, configuration);
  endSessionAfterAuthorization(provider);
  provider.on('server_error', (_ctx: unknown, err: Error) => {
    options.logger.error({ err: { type: err.name, message: err.message } }, 'eID provider error');
  });
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    options.logger.info({ client_id: ctx.oidc.client?.clientId }, 'tokens issued');
  });
  return provider;
}

function toClientMetadata(client: EidClient): ClientMetadata {
  const method = client.token_endpoint_auth_method ?? (client.client_secret ? 'client_secret_basic' : 'none');
  return {
    client_id: client.client_id,
    ...(client.client_secret ? { client_secret: client.client_secret } : {}),
    ...(client.client_name ? { client_name: client.client_name } : {}),
    redirect_uris: client.redirect_uris,
    token_endpoint_auth_method: method,
    subject_type: 'pairwise',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  };
}

/**
 * Consent is implicit for registered clients: once the person has signed in, the grant
 * covers exactly the OpenID scopes and claims the client asked for. Before that (an old
 * session, not yet signed in again) no grant is created.
 */
async function grantRequestedScopes(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client;
  if (!client) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!oidc.result?.login) return existing;
  const grant =
    existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId: oidc.session?.accountId });
  grant.addOIDCScope(oidc.requestParamOIDCScopes);
  grant.addOIDCClaims(oidc.requestParamClaims);
  await grant.save();
  return grant;
}

function endSessionAfterAuthorization(provider: Provider): void {
  const finished = new WeakSet<object>();
  const mark = (ctx: KoaContextWithOIDC) => finished.add(ctx);
  provider.on('authorization.success', mark);
  provider.on('authorization.error', mark);
  provider.use(async (ctx, next) => {
    await next();
    const session = (ctx as KoaContextWithOIDC).oidc?.session;
    if (!finished.has(ctx) || !session?.accountId) return;
    await session.destroy();
    (ctx as KoaContextWithOIDC).oidc.cookies.set(provider.cookieName('session'), null, {
      ...cookieOptions,
      overwrite: true,
    });
  });
}
