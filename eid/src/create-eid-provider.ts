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
  /**
   * Seconds a sign-in is remembered for single sign-on (a session cookie at the provider);
   * 0 keeps no session: every authorization request asks who you are.
   */
  singleSignOnSeconds: number;
}

/** Seconds each artifact lives: an eID login is short; only the SSO session may outlive it. */
function ttlFor(singleSignOnSeconds: number) {
  return {
    AuthorizationCode: 60,
    AccessToken: 600,
    IdToken: 600,
    // A grant is made per client per authorization; it need not outlive the session.
    Grant: Math.max(600, singleSignOnSeconds),
    Interaction: 900,
    Session: singleSignOnSeconds > 0 ? singleSignOnSeconds : 900,
  };
}

/**
 * oidc-provider configured as a Swedish eID would be: authorization code flow only, PKCE
 * S256 always, the oidc.se scopes and claims, the claims in the ID token, and no consent
 * screen for the registered relying parties.
 *
 * Single sign-on is bounded: with `singleSignOnSeconds` > 0 the provider remembers the
 * sign-in in its session cookie for that long, so a second relying party (another holder's
 * authorization server) in the same browser gets its answer without the login form, unless
 * it asks for `prompt=login` or a `max_age` the sign-in is older than (oidc-provider's login
 * policy). With 0 the session ends with the authorization response, so every login asks who
 * you are (as BankID / Freja do) and a second person can sign in in the same browser.
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
    loadExistingGrant: (ctx) => grantRequestedScopes(ctx, options.singleSignOnSeconds > 0),
    expiresWithSession: () => false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: true },
    },
    ttl: ttlFor(options.singleSignOnSeconds),
    renderError: renderProviderError,
    discovery: { ui_locales_supported: ['sv', 'en'] },
  };
  const provider = new Provider(options.issuer, configuration);
  if (options.singleSignOnSeconds <= 0) endSessionAfterAuthorization(provider);
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
 * covers exactly the OpenID scopes and claims the client asked for. Without single sign-on,
 * an old session not signed in again gets no grant; with it, the session's sign-in counts
 * (the login policy has already asked again where `prompt=login` or `max_age` demand it).
 */
async function grantRequestedScopes(ctx: KoaContextWithOIDC, singleSignOn: boolean) {
  const { oidc } = ctx;
  const client = oidc.client;
  if (!client) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const signedIn = oidc.result?.login ?? (singleSignOn && oidc.session?.accountId);
  if (!signedIn) return existing;
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
