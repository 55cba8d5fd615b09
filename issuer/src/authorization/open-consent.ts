import { OAuthError } from '@min-profil/shared/errors';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { endpointsFor } from '../metadata/endpoints.js';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import type { RegisteredClient } from '../clients/registered-client.js';
import type { PushedRequestRow } from '../persistence/pushed-request-entity.js';
import { grantedScopes, usageLogScope } from '../usage/usage-log-scope.js';
import { mandatesScope } from '../ombud/mandates-scope.js';
import { chooseLang, pageTexts, type Lang } from './page-texts.js';
import { renderConsentPage } from './render-pages.js';
import { zAuthorizeQuery } from './z-authorization-request.js';

/**
 * RFC 9126 §4: the authorization endpoint takes a `request_uri` from the PAR endpoint, once,
 * with the same client_id. Instead of sending the person straight to eID, the holder shows
 * its own page naming the wallet that will receive the credential and what it will receive;
 * a real eID service cannot say that, so it is the holder's page. Errors here are shown,
 * never redirected (RFC 6749 §4.1.2.1).
 */
export async function openConsent(options: {
  ctx: Pick<IssuerContext, 'clients' | 'pushedRequests' | 'settings' | 'now'>;
  holder: HolderRuntime;
  query: unknown;
}): Promise<string> {
  const { ctx, holder } = options;
  const query = options.query as Record<string, unknown> | undefined;
  if (
    query &&
    typeof query === 'object' &&
    query.request_uri === undefined &&
    query.client_id !== undefined
  ) {
    // RFC 9126 §5 (require_pushed_authorization_requests): plain parameters are not accepted.
    throw new OAuthError(
      'invalid_request',
      'this holder requires pushed authorization requests (RFC 9126): push the request to the PAR endpoint first',
    );
  }
  const { client_id: clientId, request_uri: requestUri } = parseWithSchema(zAuthorizeQuery, query, {
    what: 'authorization request',
  });
  const request = await ctx.pushedRequests.findByRequestUriHash(hashSecret(requestUri));
  if (!request || request.holderId !== holder.definition.id || request.clientId !== clientId) {
    throw new OAuthError('invalid_request_uri', 'request_uri is not known to this holder for this client');
  }
  const client = await ctx.clients.findClient(clientId);
  if (!client || !client.redirectUris.includes(request.redirectUri)) {
    throw new OAuthError('invalid_client', 'the client is no longer registered at this issuer');
  }
  const consentToken = randomToken();
  const now = ctx.now();
  const opened = await ctx.pushedRequests.open({
    id: request.id,
    now,
    consentTokenHash: hashSecret(consentToken),
    consentExpiresAt: now + ctx.settings.authorizationRequestTtl,
  });
  if (!opened) {
    throw new OAuthError('invalid_request_uri', 'request_uri has expired or has already been used');
  }

  return consentPageFor({
    holder,
    request,
    client,
    lang: chooseLang(undefined, request.uiLocales),
    consentToken,
  });
}

/** The consent page for a stored request, in one language. */
export function consentPageFor(options: {
  holder: HolderRuntime;
  request: PushedRequestRow;
  client: RegisteredClient;
  lang: Lang;
  consentToken: string;
}): string {
  const { holder, lang } = options;
  const granted = grantedScopes(options.request.scope);
  const usageLog = granted.includes(usageLogScope);
  const mandates = granted.includes(mandatesScope);
  return renderConsentPage({
    lang,
    holderName: holder.definition.name[lang],
    walletName: options.client.name[lang],
    credentialNames: mandates
      ? [pageTexts[lang].mandates.grant]
      : usageLog
        ? [pageTexts[lang].usageLog.grant]
        : options.request.configurationIds.map(
            (id) => holder.definition.configurations.find((c) => c.id === id)?.name[lang] ?? id,
          ),
    usageLog,
    mandates,
    action: endpointsFor(holder.issuerUrl).authorizeDecision,
    consentToken: options.consentToken,
  });
}
